package io.cirrus.device.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.device.CommandOutcome;
import io.cirrus.device.DeviceCommand;
import io.cirrus.device.DeviceCommands;
import io.cirrus.shared.CirrusException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Device-facing: a device fetches its commands (long poll) and answers them, with its device token. */
@RestController
@Tag(name = "Device-facing", description = "Called by devices with their device token (X-Device-Token)")
class DeviceCommandController {

	/** The poll's answer: the commands now delivered to the caller, oldest first (empty when none came in time). */
	record Commands(List<DeviceCommand.Delivery> commands) {
	}

	private final DeviceCommands commands;

	DeviceCommandController(DeviceCommands commands) {
		this.commands = commands;
	}

	@GetMapping("/api/v1/device/commands")
	@Operation(summary = "Fetch pending commands, waiting up to waitSeconds (0-60) for one")
	Commands poll(@AuthenticationPrincipal AuthenticatedDevice device, @RequestParam(defaultValue = "0") int waitSeconds) {
		if (waitSeconds < 0 || waitSeconds > 60) {
			throw CirrusException.invalidField("waitSeconds", "must be between 0 and 60");
		}
		return new Commands(commands.await(device, Duration.ofSeconds(waitSeconds))
			.stream()
			.map(DeviceCommand::delivery)
			.toList());
	}

	@PostMapping("/api/v1/device/commands/{command}/result")
	@Operation(summary = "Answer a command: status SUCCEEDED or FAILED, and a result object")
	DeviceCommand answer(@AuthenticationPrincipal AuthenticatedDevice device, @PathVariable String command,
			@Valid @RequestBody CommandOutcome outcome) {
		return commands.complete(device, DeviceIds.uuid("command", command), outcome);
	}
}
