package io.cirrus.notification.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.WebhookService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Endpoints that receive notifications as signed CloudEvents")
class WebhookController {

	private final WebhookService webhooks;

	WebhookController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@GetMapping
	@Operation(summary = "The tenant's webhook endpoints")
	List<WebhookService.Endpoint> list() {
		return webhooks.list();
	}

	@PostMapping
	@Operation(summary = "Register an endpoint; the answer carries its signing secret, shown only once")
	@ApiResponse(responseCode = "201", description = "The endpoint and its signing secret (shown once)")
	ResponseEntity<WebhookService.Created> register(@RequestBody WebhookService.EndpointRequest request) {
		WebhookService.Created created = webhooks.register(request);
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.endpoint().id())).body(created);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One endpoint")
	WebhookService.Endpoint get(@PathVariable UUID id) {
		return webhooks.get(id);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove an endpoint")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		webhooks.remove(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/test")
	@Operation(summary = "Send a test notification to this endpoint")
	@ApiResponse(responseCode = "202", description = "The test notification, queued")
	ResponseEntity<Map<String, UUID>> test(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(Map.of("notificationId", webhooks.sendTest(id)));
	}

	@PostMapping("/{id}/secret")
	@Operation(summary = "Rotate the signing secret: the answer carries the new one, shown only once; the previous one "
			+ "keeps signing beside it until previousSignsUntil")
	WebhookService.Rotated rotateSecret(@PathVariable UUID id) {
		return webhooks.rotateSecret(id);
	}

	@GetMapping("/{id}/deliveries")
	@Operation(summary = "The endpoint's recent deliveries")
	List<DeliveryView> deliveries(@PathVariable UUID id, @RequestParam(defaultValue = "20") int limit) {
		return webhooks.recentDeliveries(id, limit);
	}
}
