package io.cirrus.telemetry;

import org.springframework.stereotype.Component;

import io.cirrus.shared.DeviceId;

/** Answers 404 for a device the caller's tenant does not have (another tenant's device included). */
@Component
class DeviceCheck {

	void require(DeviceId device) {
		// Wired to the device registry once the device module exists (issue 3).
	}
}
