package io.cirrus.app.web;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.app.AppMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What deployed apps did: per app metrics and errors, the tenant's usage per day, an app's webhook secret. */
@RestController
@Tag(name = "Apps", description = "Apps designed by configuration: versions, validation with positions, dry-run")
class AppRuntimeController {

	private static final String PROBLEM = "application/problem+json";

	private final AppMetrics metrics;

	AppRuntimeController(AppMetrics metrics) {
		this.metrics = metrics;
	}

	@GetMapping("/api/v1/apps/{id}/metrics")
	@Operation(summary = "An app's invocations, matches, actions, latencies, consumer lag and last errors with their event")
	@ApiResponse(responseCode = "200", description = "The metrics")
	@ApiResponse(responseCode = "400", description = "A bad number of days", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "The caller may not read apps", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in the caller's tenant", content = @Content(mediaType = PROBLEM))
	AppMetrics.Metrics metrics(@PathVariable UUID id, @RequestParam(defaultValue = "7") int days) {
		return metrics.metrics(id, days);
	}

	@GetMapping("/api/v1/apps/{id}/webhook-secret")
	@Operation(summary = "The secret the app's webhook calls are signed with (Standard Webhooks)")
	@ApiResponse(responseCode = "200", description = "The secret")
	@ApiResponse(responseCode = "403", description = "Only tenant admins and developers", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in the caller's tenant", content = @Content(mediaType = PROBLEM))
	Map<String, String> secret(@PathVariable UUID id) {
		return Map.of("secret", metrics.webhookSecret(id));
	}

	@GetMapping("/api/v1/usage")
	@Operation(summary = "The tenant's app invocations and compute time per day (UTC), the last 30 days by default")
	@ApiResponse(responseCode = "200", description = "The usage")
	@ApiResponse(responseCode = "400", description = "A bad period", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "The caller may not read apps", content = @Content(mediaType = PROBLEM))
	AppMetrics.Usage usage(@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to) {
		return metrics.usage(from, to);
	}
}
