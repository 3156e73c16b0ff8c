package io.cirrus.app.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.app.AppDeployment;
import io.cirrus.app.AppDeployments;
import io.cirrus.shared.CirrusException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** An app's deployments over HTTP: deploy now or at a time, stop, resume, roll back, and the history. */
@RestController
@RequestMapping("/api/v1/apps/{id}")
@Tag(name = "App deployments", description = "Deploying app versions: now or at a time, stop, resume, rollback, history")
class AppDeploymentController {

	private static final String PROBLEM = "application/problem+json";

	private final AppDeployments deployments;

	AppDeploymentController(AppDeployments deployments) {
		this.deployments = deployments;
	}

	/** A deployment request: the version, and when (null or absent: now). */
	record DeployRequest(@Nullable Integer version, @Nullable Instant at) {
	}

	/** Why the app is stopped (optional). */
	record StopRequest(@Nullable String reason) {
	}

	/** The earlier version to roll back to. */
	record RollbackRequest(@Nullable Integer version) {
	}

	@PostMapping("/deployments")
	@Operation(summary = "Deploy a version now, or schedule it for a time to come (tenant-admin, developer); the "
			+ "version is validated again against the tenant as it is now. Now: the answer is the deployment RUNNING "
			+ "(the live one it replaced is STOPPED) or FAILED; at a time: SCHEDULED, deployed once at that time")
	@ApiResponse(responseCode = "201", description = "The deployment, with its steps")
	@ApiResponse(responseCode = "400", description = "No version, or a time not in the future", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not deploy", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app or version in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The version has errors (listed in problems)", content = @Content(mediaType = PROBLEM))
	ResponseEntity<AppDeployment> deploy(@PathVariable UUID id, @RequestBody DeployRequest request) {
		AppDeployment deployment = deployments.deploy(id, version(request.version()), request.at());
		return ResponseEntity.created(URI.create("/api/v1/apps/" + id + "/deployments/" + deployment.id())).body(deployment);
	}

	@GetMapping("/deployments")
	@Operation(summary = "The app's deployments, newest first (at most 200), without their steps")
	@ApiResponse(responseCode = "200", description = "The deployments")
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	List<AppDeployment> list(@PathVariable UUID id) {
		return deployments.list(id);
	}

	@GetMapping("/deployments/{deploymentId}")
	@Operation(summary = "A deployment with its steps (who, when, from, to, why)")
	@ApiResponse(responseCode = "200", description = "The deployment")
	@ApiResponse(responseCode = "404", description = "No such app or deployment in your tenant", content = @Content(mediaType = PROBLEM))
	AppDeployment get(@PathVariable UUID id, @PathVariable UUID deploymentId) {
		return deployments.get(id, deploymentId);
	}

	@PostMapping("/stop")
	@Operation(summary = "Stop the app's running or paused deployment, or, when none is live, cancel its scheduled ones")
	@ApiResponse(responseCode = "200", description = "The stopped deployment, with its steps")
	@ApiResponse(responseCode = "403", description = "Viewers may not stop apps", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Nothing running, paused or scheduled to stop", content = @Content(mediaType = PROBLEM))
	AppDeployment stop(@PathVariable UUID id, @RequestBody(required = false) @Nullable StopRequest request) {
		return deployments.stop(id, request == null ? null : request.reason());
	}

	@PostMapping("/resume")
	@Operation(summary = "Resume the app: a paused deployment runs again, or the version last stopped is deployed anew")
	@ApiResponse(responseCode = "200", description = "The running deployment, with its steps")
	@ApiResponse(responseCode = "403", description = "Viewers may not resume apps", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "It runs already, never ran, or its version has errors now", content = @Content(mediaType = PROBLEM))
	AppDeployment resume(@PathVariable UUID id) {
		return deployments.resume(id);
	}

	@PostMapping("/rollback")
	@Operation(summary = "Roll the app back to an earlier valid version than the live one")
	@ApiResponse(responseCode = "200", description = "The new deployment of the earlier version, with its steps")
	@ApiResponse(responseCode = "400", description = "No version, or not earlier than the live one", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not roll back", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app or version in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Nothing live to roll back from, or the version has errors", content = @Content(mediaType = PROBLEM))
	AppDeployment rollback(@PathVariable UUID id, @RequestBody RollbackRequest request) {
		return deployments.rollback(id, version(request.version()));
	}

	private static int version(@Nullable Integer version) {
		if (version == null || version < 1) {
			throw CirrusException.invalidField("version", "must be a version number (1 or more)");
		}
		return version;
	}
}
