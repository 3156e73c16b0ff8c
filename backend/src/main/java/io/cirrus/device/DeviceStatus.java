package io.cirrus.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A device's status, computed (in SQL) from its last-seen time and its profile's inactivity timeout.
 */
public enum DeviceStatus {

	/** Heard from within the profile's inactivity timeout. */
	ONLINE("online"),
	/** Heard from once, but not within the inactivity timeout. */
	OFFLINE("offline"),
	/** Registered, never heard from. */
	NEVER_SEEN("never-seen"),
	/** Decommissioned: credentials revoked, kept for history. */
	DECOMMISSIONED("decommissioned");

	private final String value;

	DeviceStatus(String value) {
		this.value = value;
	}

	@JsonValue
	public String value() {
		return value;
	}

	/** Parses the API form ({@code online}, {@code never-seen}, ...); also accepts enum names. */
	@JsonCreator
	public static DeviceStatus parse(String text) {
		for (DeviceStatus status : values()) {
			if (status.value.equalsIgnoreCase(text) || status.name().equalsIgnoreCase(text)) {
				return status;
			}
		}
		throw new IllegalArgumentException("unknown device status '" + text + "'");
	}
}
