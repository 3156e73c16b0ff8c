package io.cirrus.device.web;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.DeviceImport;
import io.cirrus.device.DeviceImport.ImportResult;
import io.cirrus.device.DevicePage;
import io.cirrus.device.DeviceQuery;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceRegistry.DeviceRequest;
import io.cirrus.device.DeviceRegistry.DeviceWithToken;
import io.cirrus.device.DeviceStatus;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/devices")
@Tag(name = "Devices", description = "The device registry of the caller's tenant")
class DeviceController {

	private final DeviceRegistry registry;

	private final DeviceImport importer;

	private final io.cirrus.device.DeviceHistory history;

	DeviceController(DeviceRegistry registry, DeviceImport importer, io.cirrus.device.DeviceHistory history) {
		this.history = history;
		this.registry = registry;
		this.importer = importer;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register a device; the answer holds its token, shown this once (tenant-admin, developer)")
	ResponseEntity<DeviceWithToken> create(@RequestBody DeviceRequest request) {
		DeviceWithToken created = registry.register(request);
		return ResponseEntity.created(URI.create("/api/v1/devices/" + created.device().id())).body(created);
	}

	@GetMapping
	@Operation(summary = "A page of devices, filtered by name (contains), tag, profile and status "
			+ "(online, offline, never-seen, decommissioned), sorted by name, lastSeen or created")
	DevicePage list(@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String tag,
			@RequestParam(required = false) @Nullable UUID profileId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(defaultValue = "name") String sort, @RequestParam(defaultValue = "asc") String direction,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			@RequestParam(defaultValue = "false") boolean count) {
		DeviceStatus parsed = null;
		if (status != null && !status.isBlank()) {
			try {
				parsed = DeviceStatus.parse(status.strip());
			}
			catch (IllegalArgumentException e) {
				throw CirrusException.invalidField("status", "must be one of online, offline, never-seen, decommissioned");
			}
		}
		if (!direction.equalsIgnoreCase("asc") && !direction.equalsIgnoreCase("desc")) {
			throw CirrusException.invalidField("direction", "must be asc or desc");
		}
		return registry.list(new DeviceQuery(name, tag, profileId, parsed, sort, direction.equalsIgnoreCase("desc"), page,
				size), count);
	}

	@PostMapping(path = "/import", consumes = { "text/csv", "text/plain", "application/octet-stream" })
	@Operation(summary = "Register devices from CSV (header name,profile,tags,metadata); all or nothing unless "
			+ "skipInvalid=true; the answer reports every bad row and holds each new device's token once")
	ImportResult importCsv(@RequestBody String csv, @RequestParam(defaultValue = "false") boolean skipInvalid) {
		return importer.importCsv(csv, skipInvalid, null);
	}

	@GetMapping("/{id}")
	@Operation(summary = "A device")
	DeviceSummary get(@PathVariable UUID id) {
		return registry.get(new DeviceId(id));
	}

	@GetMapping("/{id}/events")
	@Operation(summary = "What happened to the device, newest first: registered, imported, provisioned, updated, "
			+ "token-rotated, token-revoked, online, offline, decommissioned")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The events")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400", description = "A limit outside 1 to 500",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/problem+json"))
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "404", description = "No such device in your tenant",
			content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/problem+json"))
	java.util.List<io.cirrus.device.DeviceEvent> events(@PathVariable UUID id,
			@org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
		return history.events(new DeviceId(id), limit);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Change name, profile, tags or metadata (fields left out keep their value)")
	DeviceSummary put(@PathVariable UUID id, @RequestBody DeviceRequest request) {
		return registry.update(new DeviceId(id), request);
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change name, profile, tags or metadata (fields left out keep their value)")
	DeviceSummary patch(@PathVariable UUID id, @RequestBody DeviceRequest request) {
		return registry.update(new DeviceId(id), request);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Decommission: the token is revoked, the device is kept for history")
	void decommission(@PathVariable UUID id) {
		registry.decommission(new DeviceId(id));
	}

	@PostMapping("/{id}/token")
	@Operation(summary = "Rotate the token: a new one, shown this once; the old one stops working at once")
	DeviceWithToken rotate(@PathVariable UUID id) {
		return registry.rotateToken(new DeviceId(id));
	}

	@DeleteMapping("/{id}/token")
	@Operation(summary = "Revoke the token: the device is refused until the token is rotated")
	DeviceSummary revoke(@PathVariable UUID id) {
		return registry.revokeToken(new DeviceId(id));
	}
}
