package io.cirrus.dashboard.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.dashboard.Dashboard;
import io.cirrus.dashboard.DashboardRequest;
import io.cirrus.dashboard.Dashboards;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Dashboards over HTTP: what the portal builds, for scripts and other tools. */
@RestController
@RequestMapping("/api/v1/dashboards")
@Tag(name = "Dashboards", description = "Dashboards built from widgets, saved per tenant and shared with roles")
class DashboardController {

	private static final String PROBLEM = "application/problem+json";

	private final Dashboards dashboards;

	DashboardController(Dashboards dashboards) {
		this.dashboards = dashboards;
	}

	@GetMapping
	@Operation(summary = "The dashboards you may open, by name")
	@ApiResponse(responseCode = "200", description = "The dashboards")
	@ApiResponse(responseCode = "403", description = "No tenant role", content = @Content(mediaType = PROBLEM))
	List<Dashboard> list() {
		return dashboards.list();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a dashboard (tenant-admin, developer); every widget is checked and each problem names its field")
	@ApiResponse(responseCode = "201", description = "The dashboard")
	@ApiResponse(responseCode = "400", description = "A problem in the dashboard or a widget, e.g. widgets[0].keys", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not create dashboards", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another dashboard has this name", content = @Content(mediaType = PROBLEM))
	ResponseEntity<Dashboard> create(@RequestBody DashboardRequest request) {
		Dashboard created = dashboards.create(request);
		return ResponseEntity.created(URI.create("/api/v1/dashboards/" + created.id())).body(created);
	}

	@GetMapping("/{id}")
	@Operation(summary = "A dashboard with its widgets")
	@ApiResponse(responseCode = "200", description = "The dashboard")
	@ApiResponse(responseCode = "404", description = "No such dashboard in your tenant, or not shared with you", content = @Content(mediaType = PROBLEM))
	Dashboard get(@PathVariable UUID id) {
		return dashboards.get(id);
	}

	@PutMapping("/{id}")
	@Operation(summary = "Replace a dashboard's name, sharing and widgets; with base, only if base is still its version")
	@ApiResponse(responseCode = "200", description = "The saved dashboard")
	@ApiResponse(responseCode = "400", description = "A problem in the dashboard or a widget", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not edit dashboards", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such dashboard in your tenant, or not shared with you", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another dashboard has this name, or base is not its version", content = @Content(mediaType = PROBLEM))
	Dashboard put(@PathVariable UUID id, @RequestBody DashboardRequest request,
			@RequestParam(required = false) @Nullable Integer base) {
		return dashboards.update(id, request, base);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a dashboard")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "Viewers may not delete dashboards", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such dashboard in your tenant, or not shared with you", content = @Content(mediaType = PROBLEM))
	void delete(@PathVariable UUID id) {
		dashboards.delete(id);
	}
}
