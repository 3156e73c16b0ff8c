package io.cirrus.device.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.CommandRequest;
import io.cirrus.device.DeviceCommand;
import io.cirrus.device.DeviceCommands;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/devices/{device}/commands")
@Tag(name = "Device commands", description = "Commands to devices, delivered over MQTT or fetched over HTTP, and their states")
class CommandController {

	private final DeviceCommands commands;

	CommandController(DeviceCommands commands) {
		this.commands = commands;
	}

	@PostMapping
	@Operation(summary = "Send a command to a device (tenant-admin, developer): 201 with the command, PENDING")
	@ApiResponse(responseCode = "201", description = "The command, PENDING")
	ResponseEntity<DeviceCommand> send(@PathVariable String device, @Valid @RequestBody CommandRequest request) {
		DeviceId id = DeviceIds.parse(device);
		DeviceCommand command = commands.send(id, request);
		return ResponseEntity.created(URI.create("/api/v1/devices/" + id + "/commands/" + command.id())).body(command);
	}

	@GetMapping
	@Operation(summary = "The device's latest commands, newest first")
	List<DeviceCommand> list(@PathVariable String device, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw CirrusException.invalidField("limit", "must be between 1 and 500");
		}
		return commands.list(DeviceIds.parse(device), limit);
	}

	@GetMapping("/{command}")
	@Operation(summary = "One command and its state")
	DeviceCommand get(@PathVariable String device, @PathVariable String command) {
		return commands.get(DeviceIds.parse(device), DeviceIds.uuid("command", command));
	}
}
