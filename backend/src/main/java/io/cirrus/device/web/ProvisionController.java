package io.cirrus.device.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.DeviceProvisioning;
import io.cirrus.device.DeviceProvisioning.ProvisionRequest;
import io.cirrus.device.DeviceRegistry.DeviceWithToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Device-facing self-provisioning: key and secret of a profile in, a new device and its token (once) out. */
@RestController
@Tag(name = "Device-facing", description = "Called by devices with their device token (X-Device-Token)")
class ProvisionController {

	private final DeviceProvisioning provisioning;

	ProvisionController(DeviceProvisioning provisioning) {
		this.provisioning = provisioning;
	}

	@PostMapping("/api/v1/provision")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register this device with a profile's provisioning key and secret; answers its token once")
	ResponseEntity<DeviceWithToken> provision(@RequestBody ProvisionRequest request) {
		// The device reads itself back at /api/v1/device/me with its new token.
		return ResponseEntity.created(URI.create("/api/v1/device/me")).body(provisioning.provision(request));
	}
}
