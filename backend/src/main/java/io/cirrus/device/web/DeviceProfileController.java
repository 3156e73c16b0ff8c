package io.cirrus.device.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.DeviceProfile;
import io.cirrus.device.DeviceProfiles;
import io.cirrus.device.DeviceProfiles.ProfileRequest;
import io.cirrus.device.DeviceProfiles.SavedProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/device-profiles")
@Tag(name = "Device profiles", description = "Reporting interval, inactivity timeout and self-provisioning")
class DeviceProfileController {

	private final DeviceProfiles profiles;

	DeviceProfileController(DeviceProfiles profiles) {
		this.profiles = profiles;
	}

	@GetMapping
	@Operation(summary = "The tenant's device profiles (the default one first)")
	List<DeviceProfile> list() {
		return profiles.list();
	}

	@GetMapping("/{id}")
	@Operation(summary = "A device profile")
	DeviceProfile get(@PathVariable UUID id) {
		return profiles.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a profile; with selfProvisioning the answer holds the provisioning secret, once")
	ResponseEntity<SavedProfile> create(@RequestBody ProfileRequest request) {
		SavedProfile created = profiles.create(request);
		return ResponseEntity.created(URI.create("/api/v1/device-profiles/" + created.profile().id())).body(created);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Change a profile (fields left out keep their value)")
	SavedProfile update(@PathVariable UUID id, @RequestBody ProfileRequest request) {
		return profiles.update(id, request);
	}

	@PostMapping("/{id}/provisioning")
	@Operation(summary = "New provisioning key and secret (shown once); the old ones stop working")
	SavedProfile regenerate(@PathVariable UUID id) {
		return profiles.regenerateProvisioning(id);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a profile no device uses (409 otherwise)")
	void delete(@PathVariable UUID id) {
		profiles.delete(id);
	}
}
