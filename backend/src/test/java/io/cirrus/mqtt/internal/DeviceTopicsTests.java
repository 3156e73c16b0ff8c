package io.cirrus.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.shared.DeviceId;

class DeviceTopicsTests {

	private final DeviceId device = DeviceId.of("0b4c9c2e-8f57-4d43-a3c8-5f6e7d8c9b10");

	private final DeviceId other = DeviceId.of("7d1e2f3a-4b5c-4d6e-8f70-9a8b7c6d5e4f");

	@Test
	void aDevicePublishesOnlyOnItsOwnTopics() {
		UUID command = UUID.randomUUID();
		assertThat(DeviceTopics.publication("devices/" + device + "/telemetry", device)).isInstanceOf(DeviceTopics.Telemetry.class);
		assertThat(DeviceTopics.publication("devices/" + device + "/heartbeat", device)).isInstanceOf(DeviceTopics.Heartbeat.class);
		assertThat(DeviceTopics.publication("devices/" + device + "/commands/" + command + "/result", device))
			.isEqualTo(new DeviceTopics.CommandResult(command));

		assertThat(DeviceTopics.publication("devices/" + other + "/telemetry", device)).isNull();
		assertThat(DeviceTopics.publication("devices/+/telemetry", device)).isNull();
		assertThat(DeviceTopics.publication("devices/" + device + "/commands", device)).isNull();
		assertThat(DeviceTopics.publication("devices/" + device + "/commands/not-a-uuid-at-all-but-36-chars-long/result", device)).isNull();
		assertThat(DeviceTopics.publication("devices/" + device + "/commands/" + command + "/result/x", device)).isNull();
		assertThat(DeviceTopics.publication("devices/" + device + "/telemetry/", device)).isNull();
		assertThat(DeviceTopics.publication("devices/" + device.toString().toUpperCase() + "/telemetry", device)).isNull();
	}

	@Test
	void theCommandTopicIsTheDevicesOwn() {
		assertThat(DeviceTopics.commands(device)).isEqualTo("devices/" + device + "/commands");
	}
}
