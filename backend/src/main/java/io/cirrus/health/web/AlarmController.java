package io.cirrus.health.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.health.Alarm;
import io.cirrus.health.AlarmFilter;
import io.cirrus.health.Alarms;
import io.cirrus.health.Severity;
import io.cirrus.shared.CirrusException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/alarms")
@Tag(name = "Alarms", description = "Raised, acknowledged and cleared alarms")
class AlarmController {

	private final Alarms alarms;

	AlarmController(Alarms alarms) {
		this.alarms = alarms;
	}

	/** What an acknowledgement says. */
	record Acknowledgement(@Nullable String note) {
	}

	/** Several alarms to acknowledge with one note. */
	record Acknowledgements(@Nullable List<UUID> ids, @Nullable String note) {
	}

	@GetMapping
	@Operation(summary = "Alarms of the caller's tenant, active first then newest first, narrowed by state (ACTIVE, "
			+ "UNACKNOWLEDGED, CLEARED), severity (repeatable), device and time raised")
	@ApiResponse(responseCode = "200", description = "The alarms")
	@ApiResponse(responseCode = "400", description = "A bad state, severity, device, since or limit", content = @Content(mediaType = "application/problem+json"))
	List<Alarm> list(@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable List<String> severity,
			@RequestParam(required = false) @Nullable String device, @RequestParam(required = false) @Nullable String since,
			@RequestParam(defaultValue = "500") int limit) {
		Set<Severity> severities = EnumSet.noneOf(Severity.class);
		for (String name : severity == null ? List.<String>of() : severity) {
			try {
				severities.add(Severity.valueOf(name.toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException e) {
				throw CirrusException.invalidField("severity", "must be CRITICAL, MAJOR, MINOR or WARNING");
			}
		}
		AlarmFilter.State wanted = null;
		if (state != null && !state.isBlank()) {
			try {
				wanted = AlarmFilter.State.valueOf(state.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw CirrusException.invalidField("state", "must be ACTIVE, UNACKNOWLEDGED or CLEARED");
			}
		}
		String entity = null;
		if (device != null && !device.isBlank()) {
			try {
				entity = UUID.fromString(device).toString();
			}
			catch (IllegalArgumentException e) {
				throw CirrusException.invalidField("device", "must be a device id");
			}
		}
		Instant after = null;
		if (since != null && !since.isBlank()) {
			try {
				after = Instant.parse(since);
			}
			catch (DateTimeParseException e) {
				throw CirrusException.invalidField("since", "must be a time such as 2026-12-01T08:00:00Z");
			}
		}
		return alarms.search(new AlarmFilter(severities, wanted, entity, after, null, limit));
	}

	@PostMapping("/acknowledge")
	@Operation(summary = "Acknowledge several alarms with one note (tenant-admin, developer); those already "
			+ "acknowledged or cleared stay as they are")
	@ApiResponse(responseCode = "200", description = "How many this call acknowledged: {\"acknowledged\": n}")
	@ApiResponse(responseCode = "400", description = "No ids, more than 500, or a note over 500 characters", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "Viewers may not acknowledge", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "An id is not an alarm of your tenant", content = @Content(mediaType = "application/problem+json"))
	Map<String, Integer> acknowledgeAll(@RequestBody Acknowledgements body) {
		if (body.ids() == null || body.ids().isEmpty()) {
			throw CirrusException.invalidField("ids", "must name at least one alarm");
		}
		return Map.of("acknowledged", alarms.acknowledgeAll(body.ids(), body.note()));
	}

	@GetMapping("/{id}")
	@Operation(summary = "One alarm")
	Alarm get(@PathVariable UUID id) {
		return alarms.get(id);
	}

	@PostMapping("/{id}/acknowledge")
	@Operation(summary = "Acknowledge an alarm with an optional note (tenant-admin, developer)")
	Alarm acknowledge(@PathVariable UUID id, @RequestBody(required = false) @Nullable Acknowledgement body) {
		return alarms.acknowledge(id, body == null ? null : body.note());
	}
}
