package io.cirrus.health.web;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.health.DeviceHealth;
import io.cirrus.health.DeviceRecoveryPolicy;
import io.cirrus.health.DeviceReporting;
import io.cirrus.shared.DeviceId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/health")
@Tag(name = "Device health", description = "Measured reporting intervals and opt-in device recovery")
class DeviceHealthController {

	private final DeviceHealth health;

	DeviceHealthController(DeviceHealth health) {
		this.health = health;
	}

	@GetMapping("/devices/{id}/reporting")
	@Operation(summary = "How a device really reports: interval p50/p99, drift from its profile, flaps in the last hour")
	DeviceReporting reporting(@PathVariable UUID id) {
		return health.reporting(new DeviceId(id));
	}

	@GetMapping("/device-recovery")
	@Operation(summary = "Device profiles whose devices get a reboot command after missed reports")
	List<DeviceRecoveryPolicy> policies() {
		return health.policies();
	}

	record PolicyRequest(@Nullable Integer rebootAfterMissed) {
	}

	@PutMapping("/device-recovery/{profileId}")
	@Operation(summary = "Opt a device profile in: reboot after N missed reports (1 to 1000)")
	DeviceRecoveryPolicy setPolicy(@PathVariable UUID profileId, @RequestBody PolicyRequest request) {
		return health.setPolicy(profileId, request.rebootAfterMissed());
	}

	@DeleteMapping("/device-recovery/{profileId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Opt a device profile out of automatic reboots")
	void removePolicy(@PathVariable UUID profileId) {
		health.removePolicy(profileId);
	}
}
