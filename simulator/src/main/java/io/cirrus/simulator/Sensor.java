package io.cirrus.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A device's environment, step by step: temperature following a slow daily-like wave around its own base, humidity
 * moving against it, both with noise; a battery that drains a little with every reading and recharges when empty
 * (a technician came by). Occasionally the device goes quiet for a while (a gap in its data).
 */
final class Sensor {

	private final RandomGenerator random;

	private final double baseTemperature;

	private final double baseHumidity;

	private final double phase;

	private double battery;

	private long quietUntil;

	Sensor(RandomGenerator random) {
		this.random = random;
		this.baseTemperature = 18 + random.nextDouble() * 8;
		this.baseHumidity = 35 + random.nextDouble() * 20;
		this.phase = random.nextDouble() * 2 * Math.PI;
		this.battery = 60 + random.nextDouble() * 40;
	}

	/** The reading at {@code millis} (epoch ms). */
	Map<String, Object> read(long millis) {
		double wave = Math.sin(millis / 600_000.0 + phase); // one period in about an hour
		double temperature = baseTemperature + 3 * wave + random.nextGaussian() * 0.3;
		double humidity = Math.clamp(baseHumidity - 6 * wave + random.nextGaussian() * 1.5, 0, 100);
		battery -= 0.02 + random.nextDouble() * 0.02;
		if (battery <= 0) {
			battery = 100;
		}
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("temperature", round(temperature));
		values.put("humidity", round(humidity));
		values.put("battery", round(battery));
		return values;
	}

	/** Whether the device is silent at {@code millis}; now and then it starts a gap of 10 to 60 seconds. */
	boolean quiet(long millis) {
		if (millis < quietUntil) {
			return true;
		}
		if (random.nextDouble() < 0.005) {
			quietUntil = millis + 10_000 + random.nextLong(50_000);
			return true;
		}
		return false;
	}

	double battery() {
		return battery;
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}
}
