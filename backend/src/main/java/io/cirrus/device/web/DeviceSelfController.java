package io.cirrus.device.web;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Device-facing: a device asks who it is (checks its token). */
@RestController
@Tag(name = "Device-facing", description = "Called by devices with their device token (X-Device-Token)")
class DeviceSelfController {

	/** The calling device as its token identifies it. */
	record Me(String tenant, String device, String name, String profile) {
	}

	@GetMapping("/api/v1/device/me")
	@Operation(summary = "The device the token belongs to")
	Me me(@AuthenticationPrincipal AuthenticatedDevice device) {
		return new Me(device.tenant().toString(), device.device().toString(), device.name(), device.profile().toString());
	}
}
