package io.cirrus.notification.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.notification.Recipient;
import io.cirrus.notification.RecipientRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/recipients")
@Tag(name = "Recipients", description = "Who notifications can reach, with tags for target expressions")
class RecipientController {

	private final RecipientRegistry registry;

	RecipientController(RecipientRegistry registry) {
		this.registry = registry;
	}

	@GetMapping
	@Operation(summary = "Recipients of the tenant (users, devices, external)")
	List<Recipient> list(@RequestParam(required = false) @Nullable String kind, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		return registry.list(kind, page, size);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One recipient")
	Recipient get(@PathVariable String id) {
		return registry.get(id);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Register or update an external recipient (id ext:<name>) with tags, e-mail, phone")
	Recipient put(@PathVariable String id, @RequestBody RecipientRegistry.ExternalRecipient recipient) {
		return registry.putExternal(id, recipient);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove an external recipient")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> delete(@PathVariable String id) {
		registry.removeExternal(id);
		return ResponseEntity.noContent().build();
	}
}
