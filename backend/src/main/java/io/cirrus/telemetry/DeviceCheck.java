package io.cirrus.telemetry;

import org.springframework.stereotype.Component;

import io.cirrus.device.DeviceDirectory;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.NotFoundException;

/** Answers 404 for a device the caller's tenant does not have (another tenant's device included). */
@Component
class DeviceCheck {

	private final DeviceDirectory devices;

	DeviceCheck(DeviceDirectory devices) {
		this.devices = devices;
	}

	void require(DeviceId device) {
		if (devices.find(device).isEmpty()) {
			throw new NotFoundException("Device", device);
		}
	}
}
