package io.cirrus.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SensorTests {

	@Test
	void readingsAreFiniteAndPlausibleAndTheBatteryDrains() {
		Sensor sensor = new Sensor(new SplittableRandom(42));
		double previous = Double.MAX_VALUE;
		int drained = 0;
		for (int i = 0; i < 1000; i++) {
			Map<String, Object> values = sensor.read(1_700_000_000_000L + i * 1000L);
			assertThat(values).containsOnlyKeys("temperature", "humidity", "battery");
			double temperature = (double) values.get("temperature");
			double humidity = (double) values.get("humidity");
			double battery = (double) values.get("battery");
			assertThat(temperature).isBetween(5.0, 40.0);
			assertThat(humidity).isBetween(0.0, 100.0);
			assertThat(battery).isBetween(0.0, 100.0);
			if (battery < previous) {
				drained++;
			}
			previous = battery;
		}
		assertThat(drained).isGreaterThan(990);
	}

	@Test
	void optionsHaveDemoDefaultsAndNameDevices() {
		Options options = Options.parse("--tenant", "globex", "--devices", "3", "--http", "--rate", "0.5");
		assertThat(options.user()).isEqualTo("globex-dev");
		assertThat(options.mqtt()).isFalse();
		assertThat(options.deviceName(7)).isEqualTo("sim-0007");
		assertThat(Options.parse().mqtt()).isTrue();
	}
}
