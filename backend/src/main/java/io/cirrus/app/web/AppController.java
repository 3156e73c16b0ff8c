package io.cirrus.app.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.app.AppDryRuns;
import io.cirrus.app.AppFormat;
import io.cirrus.app.AppSummary;
import io.cirrus.app.AppValidation;
import io.cirrus.app.AppVersion;
import io.cirrus.app.Apps;
import io.cirrus.app.AppsPage;
import io.cirrus.app.DryRun;
import io.cirrus.app.internal.AppSource;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Apps over HTTP. Documents come as JSON ({@code application/json}) or YAML ({@code application/yaml},
 * {@code application/x-yaml}, {@code text/yaml}); the stored version keeps the author's text.
 */
@RestController
@RequestMapping("/api/v1/apps")
@Tag(name = "Apps", description = "Apps designed by configuration: versions, validation with positions, dry-run")
class AppController {

	private static final String PROBLEM = "application/problem+json";

	/** Bodies larger than this are refused before they are read (a document has at most 256 Ki characters). */
	private static final long MAX_BODY = 1024 * 1024;

	private final Apps apps;

	private final AppDryRuns dryRuns;

	AppController(Apps apps, AppDryRuns dryRuns) {
		this.apps = apps;
		this.dryRuns = dryRuns;
	}

	@GetMapping(path = "/schema", produces = { "application/schema+json", MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "The JSON Schema (draft 2020-12) of an app document")
	String schema() {
		return apps.schema();
	}

	@GetMapping
	@Operation(summary = "A page of apps, by name")
	@ApiResponse(responseCode = "200", description = "The page")
	@ApiResponse(responseCode = "400", description = "A bad page, size or name", content = @Content(mediaType = PROBLEM))
	AppsPage list(@RequestParam(required = false) @Nullable String name, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return apps.list(name, page, size);
	}

	@PostMapping(consumes = { MediaType.APPLICATION_JSON_VALUE, "application/yaml", "application/x-yaml", "text/yaml",
			MediaType.TEXT_PLAIN_VALUE })
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create an app from its first version (tenant-admin, developer); the version is validated "
			+ "as it is saved and saved whatever its problems, so work is never lost",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The app document", content = {
					@Content(mediaType = "application/json", schema = @Schema(type = "object",
							description = "An app document; its JSON Schema is served at GET /api/v1/apps/schema")),
					@Content(mediaType = "application/yaml", schema = @Schema(type = "string")) }))
	@ApiResponse(responseCode = "201", description = "The first version, with its validation")
	@ApiResponse(responseCode = "400", description = "The document has no name to save it under", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not write", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another app has this name", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "413", description = "Larger than 1 MiB", content = @Content(mediaType = PROBLEM))
	ResponseEntity<AppVersion> create(@RequestBody String body,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
			@RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) @Nullable Long length) {
		AppVersion created = apps.create(body(body, length), format(contentType, body));
		return ResponseEntity.created(URI.create("/api/v1/apps/" + created.app() + "/versions/1")).body(created);
	}

	@PostMapping(path = "/validate", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/yaml",
			"application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE })
	@Operation(summary = "Validate a document without saving it: every problem with its path, line and column "
			+ "(and offset inside an expression)")
	@ApiResponse(responseCode = "200", description = "The validation; valid is false when any problem is an error")
	@ApiResponse(responseCode = "403", description = "Viewers may not validate drafts", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "413", description = "Larger than 1 MiB", content = @Content(mediaType = PROBLEM))
	AppValidation validateDraft(@RequestBody String body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
			@RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) @Nullable Long length) {
		return apps.check(body(body, length), format(contentType, body), null);
	}

	@GetMapping("/{id}")
	@Operation(summary = "An app")
	@ApiResponse(responseCode = "200", description = "The app")
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	AppSummary get(@PathVariable UUID id) {
		return apps.get(id);
	}

	@PutMapping(path = "/{id}", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/yaml", "application/x-yaml",
			"text/yaml", MediaType.TEXT_PLAIN_VALUE })
	@Operation(summary = "Save a new version of the app (same as POST /{id}/versions)")
	@ApiResponse(responseCode = "200", description = "The new version, with its validation")
	@ApiResponse(responseCode = "400", description = "The document has no name", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not write", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another app has this name, or base is not the latest version", content = @Content(mediaType = PROBLEM))
	AppVersion put(@PathVariable UUID id, @RequestBody String body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
			@RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) @Nullable Long length,
			@RequestParam(required = false) @Nullable Integer base) {
		return apps.save(id, body(body, length), format(contentType, body), base);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete an app and all its versions")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "Viewers may not delete", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	void delete(@PathVariable UUID id) {
		apps.delete(id);
	}

	@GetMapping("/{id}/versions")
	@Operation(summary = "The app's versions, newest first (without their text)")
	@ApiResponse(responseCode = "200", description = "The versions")
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	List<AppVersion> versions(@PathVariable UUID id) {
		return apps.versions(id);
	}

	@PostMapping(path = "/{id}/versions", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/yaml",
			"application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN_VALUE })
	@Operation(summary = "Save a new version; with base, only if base is still the latest version")
	@ApiResponse(responseCode = "201", description = "The new version, with its validation")
	@ApiResponse(responseCode = "400", description = "The document has no name", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not write", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Another app has this name, or base is not the latest version", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "413", description = "Larger than 1 MiB", content = @Content(mediaType = PROBLEM))
	ResponseEntity<AppVersion> save(@PathVariable UUID id, @RequestBody String body,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
			@RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) @Nullable Long length,
			@RequestParam(required = false) @Nullable Integer base) {
		AppVersion saved = apps.save(id, body(body, length), format(contentType, body), base);
		return ResponseEntity.created(URI.create("/api/v1/apps/" + id + "/versions/" + saved.version())).body(saved);
	}

	@GetMapping("/{id}/versions/{version}")
	@Operation(summary = "A version: its text, its document and its latest validation")
	@ApiResponse(responseCode = "200", description = "The version")
	@ApiResponse(responseCode = "404", description = "No such app or version in your tenant", content = @Content(mediaType = PROBLEM))
	AppVersion version(@PathVariable UUID id, @PathVariable int version) {
		return apps.version(id, version);
	}

	@GetMapping(path = "/{id}/versions/{version}/source")
	@Operation(summary = "A version's text as its author wrote it, as JSON or YAML")
	@ApiResponse(responseCode = "200", description = "The text", content = { @Content(mediaType = "application/json"),
			@Content(mediaType = "application/yaml") })
	@ApiResponse(responseCode = "404", description = "No such app or version in your tenant", content = @Content(mediaType = PROBLEM))
	ResponseEntity<String> source(@PathVariable UUID id, @PathVariable int version) {
		AppVersion found = apps.version(id, version);
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(found.format().mediaType())).body(found.source());
	}

	@PostMapping("/{id}/versions/{version}/validate")
	@Operation(summary = "Validate a version again against the tenant as it is now, and record the outcome")
	@ApiResponse(responseCode = "200", description = "The validation; valid is false when any problem is an error")
	@ApiResponse(responseCode = "403", description = "Viewers may not validate", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app or version in your tenant", content = @Content(mediaType = PROBLEM))
	AppValidation validate(@PathVariable UUID id, @PathVariable int version) {
		return apps.validate(id, version);
	}

	@PostMapping(path = "/{id}/versions/{version}/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Run a valid version without side effects against sample events or a device's last readings: "
			+ "matched triggers, condition values, block state and rendered actions per event")
	@ApiResponse(responseCode = "200", description = "What the version did with each event; nothing of it happened")
	@ApiResponse(responseCode = "400", description = "Bad events, or a device not of your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "403", description = "Viewers may not dry-run", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such app or version in your tenant", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "The version has errors", content = @Content(mediaType = PROBLEM))
	DryRun.Result dryRun(@PathVariable UUID id, @PathVariable int version, @RequestBody DryRun.Request request) {
		return dryRuns.dryRun(id, version, request);
	}

	private static String body(String body, @Nullable Long length) {
		if ((length != null && length > MAX_BODY) || body.length() > MAX_BODY) {
			throw new CirrusException(Problems.PAYLOAD_TOO_LARGE, "An app document may have at most "
					+ AppSource.MAX_CHARS / 1024 + " Ki characters.");
		}
		return body;
	}

	private static AppFormat format(String contentType, String body) {
		String type = contentType.toLowerCase(Locale.ROOT);
		return AppFormat.of(type.startsWith("text/plain") ? null : type, body);
	}
}
