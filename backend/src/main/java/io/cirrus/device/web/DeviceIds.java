package io.cirrus.device.web;

import java.util.UUID;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.NotFoundException;

/** Ids in paths: one that is not a UUID names nothing, so it is answered like a missing one (404). */
final class DeviceIds {

	private DeviceIds() {
	}

	static DeviceId parse(String value) {
		return new DeviceId(uuid("Device", value));
	}

	static UUID uuid(String what, String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			throw new NotFoundException(what.substring(0, 1).toUpperCase() + what.substring(1), value);
		}
	}
}
