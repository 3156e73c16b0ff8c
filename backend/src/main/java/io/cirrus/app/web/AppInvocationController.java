package io.cirrus.app.web;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.app.AppInvocation;
import io.cirrus.app.AppInvocations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The http trigger's endpoint: scripts, integrations and other systems call a running app. */
@RestController
@Tag(name = "App deployments", description = "Deploying app versions: now or at a time, stop, resume, rollback, history")
class AppInvocationController {

	private static final String PROBLEM = "application/problem+json";

	private final AppInvocations invocations;

	AppInvocationController(AppInvocations invocations) {
		this.invocations = invocations;
	}

	@PostMapping("/api/v1/apps/{id}/invoke")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Call a running app (tenant-admin, developer): the JSON object becomes an event of the "
			+ "version's http triggers, its members the event's values. Accepted once it is durable; the app evaluates "
			+ "it asynchronously, with the version running when it arrives (see the app's metrics for the outcome)")
	@ApiResponse(responseCode = "202", description = "Accepted: the version and the http triggers it fires")
	@ApiResponse(responseCode = "400", description = "The body is not a JSON object", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not call apps", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The app does not run, or its running version has no http trigger", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "413", description = "The body is larger than 256 KiB", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "503", description = "Not accepted (Kafka did not take it); nothing was run: try again", content = @Content(mediaType = PROBLEM))
	AppInvocation invoke(@PathVariable UUID id, @RequestBody(required = false) @Nullable Map<String, Object> body) {
		return invocations.invoke(id, body == null ? Map.of() : body);
	}
}
