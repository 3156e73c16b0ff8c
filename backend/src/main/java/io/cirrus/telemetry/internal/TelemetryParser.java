package io.cirrus.telemetry.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.cirrus.shared.web.JsonInput;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.telemetry.TelemetryRejected;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a device message, {@code {"ts": ..., "values": {...}}} or a JSON array of those, and checks every limit
 * before anything is written: a batch is accepted whole or refused whole. Each refusal names the field.
 */
public final class TelemetryParser {

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	/** Integers up to this magnitude are stored exactly (values are 64-bit floating point numbers). */
	static final long MAX_EXACT_INTEGER = 1L << 53;

	private static final JsonMapper JSON = JsonMapper.builder(JsonInput.factory())
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final TelemetryProperties.Ingest limits;

	private final Clock clock;

	public TelemetryParser(TelemetryProperties.Ingest limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
	}

	/** The readings of a message, all valid; {@link TelemetryRejected} naming the first bad field otherwise. */
	public List<Reading> parse(byte[] body) {
		if (body.length == 0) {
			throw TelemetryRejected.invalid("body", "is empty; send a reading {\"values\": {...}} or an array of readings");
		}
		if (body.length > limits.maxMessageBytes()) {
			throw tooLarge();
		}
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException e) {
			throw TelemetryRejected.invalid("body", JsonInput.describe(e));
		}
		Instant now = clock.instant();
		if (root == null || root.isMissingNode()) {
			throw TelemetryRejected.invalid("body", "is empty; send a reading {\"values\": {...}} or an array of readings");
		}
		if (root.isObject()) {
			return List.of(reading(root, "", now));
		}
		if (root.isArray()) {
			if (root.isEmpty()) {
				throw TelemetryRejected.invalid("body", "is an empty array; send at least one reading");
			}
			List<Reading> readings = new ArrayList<>(root.size());
			for (int i = 0; i < root.size(); i++) {
				JsonNode item = root.get(i);
				if (!item.isObject()) {
					throw TelemetryRejected.invalid("[" + i + "]", "must be a reading object {\"ts\": ..., \"values\": {...}}");
				}
				readings.add(reading(item, "[" + i + "].", now));
			}
			return readings;
		}
		throw TelemetryRejected.invalid("body", "must be a reading object or an array of readings");
	}

	/** The rejection of a body over the size limit (also used before reading it whole). */
	public TelemetryRejected tooLarge() {
		return TelemetryRejected.tooLarge("body", "is larger than " + limits.maxMessageBytes() + " bytes; send fewer readings per message");
	}

	private Reading reading(JsonNode node, String prefix, Instant now) {
		Instant ts = now;
		JsonNode values = null;
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			switch (field.getKey()) {
				case "ts" -> ts = timestamp(field.getValue(), prefix + "ts", now);
				case "values" -> values = field.getValue();
				default -> throw TelemetryRejected.invalid(prefix + field.getKey(), "is not a field of a reading (only ts and values)");
			}
		}
		if (values == null || values.isNull()) {
			throw TelemetryRejected.invalid(prefix + "values", "is missing; send {\"values\": {\"key\": value, ...}}");
		}
		if (!values.isObject()) {
			throw TelemetryRejected.invalid(prefix + "values", "must be an object of key to number, string or boolean");
		}
		if (values.isEmpty()) {
			throw TelemetryRejected.invalid(prefix + "values", "is empty; send at least one key");
		}
		if (values.size() > limits.maxKeys()) {
			throw TelemetryRejected.invalid(prefix + "values", "has " + values.size() + " keys, more than " + limits.maxKeys());
		}
		Map<String, Object> out = new LinkedHashMap<>(values.size() * 2);
		for (Map.Entry<String, JsonNode> entry : values.properties()) {
			String key = entry.getKey();
			String field = prefix + "values." + key;
			if (!KEY.matcher(key).matches()) {
				throw TelemetryRejected.invalid(prefix + "values." + abbreviate(key),
						"is not a valid key name: use 1 to 64 of A-Z a-z 0-9 _ . -");
			}
			out.put(key, value(entry.getValue(), field));
		}
		return new Reading(ts, out);
	}

	private Object value(JsonNode value, String field) {
		if (value.isNumber()) {
			if (value.isIntegralNumber() && !exact(value)) {
				throw TelemetryRejected.invalid(field, "is an integer beyond ±" + MAX_EXACT_INTEGER
						+ ", which would be stored rounded; send it as a string");
			}
			double number = value.isBigInteger() || value.isBigDecimal() ? value.numberValue().doubleValue() : value.doubleValue();
			if (!Double.isFinite(number)) {
				throw TelemetryRejected.invalid(field, "must be a finite number");
			}
			return number;
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isString()) {
			String text = value.stringValue();
			if (text.length() > limits.maxStringLength()) {
				throw TelemetryRejected.invalid(field, "is longer than " + limits.maxStringLength() + " characters");
			}
			if (text.indexOf(0) >= 0) {
				// PostgreSQL stores no NUL character in text or jsonb: accepted, it could never be stored.
				throw TelemetryRejected.invalid(field, "contains the character U+0000, which cannot be stored");
			}
			return text;
		}
		throw TelemetryRejected.invalid(field, "must be a number, a string or a boolean");
	}

	private static boolean exact(JsonNode integer) {
		if (!integer.canConvertToLong()) {
			return false;
		}
		long value = integer.longValue();
		return value <= MAX_EXACT_INTEGER && value >= -MAX_EXACT_INTEGER;
	}

	private Instant timestamp(JsonNode node, String field, Instant now) {
		Instant ts;
		if (node.isIntegralNumber() && node.canConvertToLong()) {
			ts = Instant.ofEpochMilli(node.longValue());
		}
		else if (node.isString()) {
			try {
				ts = OffsetDateTime.parse(node.stringValue()).toInstant();
			}
			catch (DateTimeParseException e) {
				throw TelemetryRejected.invalid(field, "is not an ISO-8601 timestamp with offset (2026-11-27T10:15:30Z) or epoch milliseconds");
			}
		}
		else {
			throw TelemetryRejected.invalid(field, "must be an ISO-8601 timestamp or epoch milliseconds");
		}
		if (ts.isBefore(now.minus(limits.maxAge()))) {
			throw TelemetryRejected.invalid(field, "is older than " + limits.maxAge().toDays() + " days");
		}
		if (ts.isAfter(now.plus(limits.maxAhead()))) {
			throw TelemetryRejected.invalid(field, "is more than " + limits.maxAhead().toSeconds() + " s in the future; check the device clock");
		}
		return ts;
	}

	private static String abbreviate(String key) {
		return key.length() > 64 ? key.substring(0, 64) + "…" : key;
	}
}
