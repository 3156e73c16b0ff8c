package io.cirrus.telemetry.web;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.telemetry.Aggregation;
import io.cirrus.telemetry.LatestValue;
import io.cirrus.telemetry.Rejections;
import io.cirrus.telemetry.TelemetryQueries;
import io.cirrus.telemetry.TelemetrySeries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/devices/{id}/telemetry")
@Tag(name = "Telemetry", description = "Stored readings of a device: downsampled series, latest values, keys")
class TelemetryQueryController {

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

	private final TelemetryQueries queries;

	TelemetryQueryController(TelemetryQueries queries) {
		this.queries = queries;
	}

	/** A series answer: the window, the interval in seconds, and per key its points. */
	record SeriesAnswer(String device, Instant from, Instant to, double intervalSeconds, String agg,
			Map<String, List<TelemetrySeries.Point>> series) {
	}

	@GetMapping
	@Operation(summary = "The device's readings, downsampled on the server (one point per key and interval)")
	SeriesAnswer series(@PathVariable String id,
			@Parameter(description = "comma-separated keys; all reported keys when absent") @RequestParam(required = false) @Nullable String keys,
			@Parameter(description = "ISO-8601 or epoch millis; default: 1 h before 'to'") @RequestParam(required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 or epoch millis; default: now") @RequestParam(required = false) @Nullable String to,
			@Parameter(description = "ISO-8601 duration (PT5M) or 30s, 5m, 1h, 1d; default: about 300 points") @RequestParam(required = false) @Nullable String interval,
			@Parameter(description = "avg, min, max or count") @RequestParam(defaultValue = "avg") String agg) {
		DeviceId device = device(id);
		Instant end = to == null ? Instant.now() : instant("to", to);
		Instant start = from == null ? end.minus(Duration.ofHours(1)) : instant("from", from);
		Duration step = interval == null ? null : duration(interval);
		Aggregation aggregation = Aggregation.of(agg)
			.orElseThrow(() -> CirrusException.invalidField("agg", "must be one of avg, min, max, count"));
		List<String> wanted = keys == null || keys.isBlank() ? List.of()
				: Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).distinct().toList();
		TelemetrySeries series = queries.series(device, wanted, start, end, step, aggregation);
		return new SeriesAnswer(series.device().toString(), series.from(), series.to(),
				series.interval().toMillis() / 1000.0, aggregation.name().toLowerCase(Locale.ROOT), series.series());
	}

	/** The latest values: key to {ts, value}. */
	record LatestAnswer(String device, Map<String, Latest> values) {
	}

	record Latest(Instant ts, Object value) {
	}

	@GetMapping("/latest")
	@Operation(summary = "The newest value of each key of the device")
	LatestAnswer latest(@PathVariable String id) {
		DeviceId device = device(id);
		Map<String, Latest> values = new java.util.LinkedHashMap<>();
		for (LatestValue value : queries.latest(device)) {
			values.put(value.key(), new Latest(value.ts(), value.value()));
		}
		return new LatestAnswer(device.toString(), values);
	}

	record KeysAnswer(String device, List<String> keys) {
	}

	@GetMapping("/keys")
	@Operation(summary = "The keys the device reported")
	KeysAnswer keys(@PathVariable String id) {
		DeviceId device = device(id);
		return new KeysAnswer(device.toString(), queries.keys(device));
	}

	@GetMapping("/rejections")
	@Operation(summary = "Messages of the device that ingest refused, per path, with the last reason")
	List<Rejections> rejections(@PathVariable String id) {
		return queries.rejections(device(id));
	}

	private static DeviceId device(String id) {
		try {
			return DeviceId.of(id);
		}
		catch (IllegalArgumentException e) {
			// Not a device id, so not a device of the caller's: the same answer as any unknown device.
			throw new io.cirrus.shared.NotFoundException("Device", id.length() > 40 ? id.substring(0, 40) + "…" : id);
		}
	}

	static Instant instant(String name, String value) {
		String text = value.trim();
		if (text.matches("-?\\d{1,15}")) {
			return Instant.ofEpochMilli(Long.parseLong(text));
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException e) {
			throw CirrusException.invalidField(name, "is not an ISO-8601 timestamp with offset (2026-11-27T10:15:30Z) or epoch milliseconds");
		}
	}

	static Duration duration(String value) {
		String text = value.trim();
		Matcher shortForm = SHORT_DURATION.matcher(text);
		if (shortForm.matches()) {
			long amount = Long.parseLong(shortForm.group(1));
			return switch (shortForm.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(text);
		}
		catch (DateTimeParseException e) {
			throw CirrusException.invalidField("interval", "is not a duration such as 30s, 5m, 1h, 1d or PT5M");
		}
	}
}
