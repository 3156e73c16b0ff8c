package io.cirrus.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identity of a device. Always scoped by a {@link TenantId}: a device id alone never grants access, and another
 * tenant's device answers as missing. Its text form is a UUID, which is also the device's MQTT client id and topic
 * segment (it contains none of {@code . / + # *}).
 */
public record DeviceId(UUID value) implements Serializable {

	public DeviceId {
		Objects.requireNonNull(value, "device id");
	}

	@JsonCreator
	public static DeviceId of(String value) {
		return new DeviceId(UUID.fromString(value));
	}

	public static DeviceId random() {
		return new DeviceId(UUID.randomUUID());
	}

	@JsonValue
	@Override
	public String toString() {
		return value.toString();
	}
}
