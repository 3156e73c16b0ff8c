package io.cirrus.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * The one JSON form of {@link TelemetryRecord} on the telemetry topic, written by ingest and read by every consumer
 * group, with Jackson's streaming API: no data binding, no reflection. Reading records was the largest cost of the
 * storage and health consumers; this reads them several times faster than binding them did.
 * <p>
 * {@code {"tenant": uuid, "device": uuid, "kind": "TELEMETRY"|"HEARTBEAT", "ts": instant, "receivedAt": instant,
 * "values": {key: number|string|boolean}}}. A message of several readings (an HTTP or MQTT batch) is one Kafka
 * record, so that it is on the topic whole or not at all: {@code {"tenant", "device", "kind", "receivedAt",
 * "readings": [{"ts": instant, "values": {...}}, ...]}} (consumers read both forms with {@link #readAll}).
 * Instants are written as decimal epoch seconds with nanoseconds
 * ({@code 1796206530.123456789}: exact, and cheap to read); ISO-8601 text, as earlier versions wrote them, is read
 * too. Numbers are read as doubles (ingest accepts doubles only). Unknown fields are skipped: fields are only ever
 * added.
 */
public final class TelemetryRecordJson {

	private static final JsonFactory FACTORY = new JsonFactory();

	private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);

	private TelemetryRecordJson() {
	}

	public static byte[] write(TelemetryRecord record) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 32 * record.values().size());
		try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			message(json, record);
			json.writeName("ts");
			instant(json, record.ts());
			json.writeName("values");
			values(json, record.values());
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * The value of the one Kafka record that carries a message's records (one device, one kind, one arrival): a
	 * single record as {@link #write(TelemetryRecord)}, several as one batch record.
	 */
	public static byte[] write(List<TelemetryRecord> records) {
		if (records.size() == 1) {
			return write(records.getFirst());
		}
		if (records.isEmpty()) {
			throw new IllegalArgumentException("a message carries at least one record");
		}
		TelemetryRecord first = records.getFirst();
		ByteArrayOutputStream out = new ByteArrayOutputStream(96 + records.size() * (24 + 32 * first.values().size()));
		try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			message(json, first);
			json.writeName("readings");
			json.writeStartArray();
			for (TelemetryRecord record : records) {
				if (!record.tenant().equals(first.tenant()) || !record.device().equals(first.device())
						|| record.kind() != first.kind() || !record.receivedAt().equals(first.receivedAt())) {
					throw new IllegalArgumentException("the records of one message share tenant, device, kind and receivedAt");
				}
				json.writeStartObject();
				json.writeName("ts");
				instant(json, record.ts());
				json.writeName("values");
				values(json, record.values());
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/** What the records of one message share: tenant, device, kind and arrival. */
	private static void message(JsonGenerator json, TelemetryRecord record) {
		json.writeStringProperty("tenant", record.tenant().toString());
		json.writeStringProperty("device", record.device().toString());
		json.writeStringProperty("kind", record.kind().name());
		json.writeName("receivedAt");
		instant(json, record.receivedAt());
	}

	/** A reading's values alone, {@code {key: number|string|boolean}}, as storage keeps them (jsonb). */
	public static String values(Map<String, Object> values) {
		StringWriter out = new StringWriter(16 + 24 * values.size());
		try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			values(json, values);
		}
		return out.toString();
	}

	private static void values(JsonGenerator json, Map<String, Object> values) {
		json.writeStartObject();
		for (Map.Entry<String, Object> value : values.entrySet()) {
			json.writeName(value.getKey());
			value(json, value.getValue());
		}
		json.writeEndObject();
	}

	/** One value of a reading: a number (written as a double), a boolean, or a string. */
	public static void value(JsonGenerator json, Object value) {
		switch (value) {
			case Number number -> json.writeNumber(number.doubleValue());
			case Boolean bool -> json.writeBoolean(bool);
			default -> json.writeString(value.toString());
		}
	}

	private static void instant(JsonGenerator json, Instant instant) {
		// seconds.nanoseconds, nine digits (a negative epoch second keeps positive nanoseconds after the point)
		String nanos = Integer.toString(instant.getNano());
		json.writeNumber(instant.getEpochSecond() + "." + "0".repeat(9 - nanos.length()) + nanos);
	}

	/**
	 * The single record in {@code json}; a malformed one, or a batch record, throws (a {@code JacksonException} or an
	 * argument exception).
	 */
	public static TelemetryRecord read(String json) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			return single(read(parser));
		}
	}

	/** The single record in the UTF-8 JSON {@code json}; see {@link #read(String)}. */
	public static TelemetryRecord read(byte[] json) {
		return single(readAll(json));
	}

	/**
	 * The records in the UTF-8 JSON {@code json}, as a Kafka record's value arrives (no String decoded first): one,
	 * or the readings of a batch record in their order; a malformed value throws (a {@code JacksonException} or an
	 * argument exception).
	 */
	public static List<TelemetryRecord> readAll(byte[] json) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			return read(parser);
		}
	}

	private static TelemetryRecord single(List<TelemetryRecord> records) {
		if (records.size() != 1) {
			throw new IllegalArgumentException("a batch record of " + records.size() + " readings, not a single record");
		}
		return records.getFirst();
	}

	/** A reading of a batch record. */
	private record Timed(Instant ts, Map<String, Object> values) {
	}

	private static List<TelemetryRecord> read(JsonParser parser) {
		expect(parser, parser.nextToken(), JsonToken.START_OBJECT);
		TenantId tenant = null;
		DeviceId device = null;
		TelemetryRecord.Kind kind = null;
		Instant ts = null;
		Instant receivedAt = null;
		Map<String, Object> values = Map.of();
		List<Timed> readings = null;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "tenant" -> tenant = TenantId.of(parser.getString());
				case "device" -> device = DeviceId.of(parser.getString());
				case "kind" -> kind = TelemetryRecord.Kind.valueOf(parser.getString());
				case "ts" -> ts = instant(parser, token);
				case "receivedAt" -> receivedAt = instant(parser, token);
				case "values" -> values = values(parser, token);
				case "readings" -> readings = readings(parser, token);
				default -> parser.skipChildren();
			}
		}
		if (tenant == null || device == null || kind == null || receivedAt == null || (ts == null && readings == null)) {
			throw new IllegalArgumentException("telemetry record without tenant, device, kind, ts or receivedAt");
		}
		if (readings == null) {
			return List.of(new TelemetryRecord(tenant, device, kind, ts, receivedAt, values));
		}
		if (readings.isEmpty()) {
			throw new IllegalArgumentException("batch record without readings");
		}
		List<TelemetryRecord> records = new ArrayList<>(readings.size());
		for (Timed reading : readings) {
			records.add(new TelemetryRecord(tenant, device, kind, reading.ts(), receivedAt, reading.values()));
		}
		return records;
	}

	private static List<Timed> readings(JsonParser parser, @Nullable JsonToken token) {
		expect(parser, token, JsonToken.START_ARRAY);
		List<Timed> readings = new ArrayList<>();
		for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
			expect(parser, element, JsonToken.START_OBJECT);
			Instant ts = null;
			Map<String, Object> values = Map.of();
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken value = parser.nextToken();
				switch (name) {
					case "ts" -> ts = instant(parser, value);
					case "values" -> values = values(parser, value);
					default -> parser.skipChildren();
				}
			}
			if (ts == null) {
				throw new IllegalArgumentException("reading of a batch record without ts");
			}
			readings.add(new Timed(ts, values));
		}
		return readings;
	}

	private static Instant instant(JsonParser parser, @Nullable JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			return Instant.parse(parser.getString());
		}
		if (token == JsonToken.VALUE_NUMBER_INT) {
			return Instant.ofEpochSecond(parser.getLongValue());
		}
		expect(parser, token, JsonToken.VALUE_NUMBER_FLOAT);
		String text = parser.getString();
		int point = text.indexOf('.');
		if (point < 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0 || text.length() - point - 1 > 9) {
			BigDecimal seconds = parser.getDecimalValue();
			BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
			return Instant.ofEpochSecond(whole.longValueExact(), seconds.subtract(whole).multiply(BILLION).intValue());
		}
		long epochSecond = Long.parseLong(text, 0, point, 10);
		int digits = text.length() - point - 1;
		int nanos = digits == 0 ? 0 : Integer.parseInt(text, point + 1, text.length(), 10);
		for (int i = digits; i < 9; i++) {
			nanos *= 10;
		}
		return Instant.ofEpochSecond(epochSecond, nanos);
	}

	private static Map<String, Object> values(JsonParser parser, @Nullable JsonToken token) {
		expect(parser, token, JsonToken.START_OBJECT);
		// Built once as an immutable map, which the record keeps as it is (a HashMap would be copied again).
		List<Map.Entry<String, Object>> values = new ArrayList<>(4);
		for (String key = parser.nextName(); key != null; key = parser.nextName()) {
			JsonToken value = parser.nextToken();
			Object read = switch (value) {
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
				case VALUE_STRING -> parser.getString();
				case VALUE_TRUE -> Boolean.TRUE;
				case VALUE_FALSE -> Boolean.FALSE;
				default -> throw new StreamReadException(parser, "value '" + key + "' is not a number, string or boolean");
			};
			values.add(Map.entry(key, read));
		}
		@SuppressWarnings("unchecked")
		Map.Entry<String, Object>[] entries = values.toArray(Map.Entry[]::new);
		return Map.ofEntries(entries);
	}

	private static void expect(JsonParser parser, @Nullable JsonToken actual, JsonToken expected) {
		if (actual != expected) {
			throw new StreamReadException(parser, "expected " + expected + ", found " + actual);
		}
	}
}
