package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cirrus.telemetry.internal.Reading;
import io.cirrus.telemetry.internal.TelemetryParser;

/** The shape and limits of device messages, without any service. */
class TelemetryParserTests {

	static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	static final TelemetryProperties.Ingest LIMITS = new TelemetryProperties.Ingest(65536, 256, 4096, Duration.ofDays(7),
			Duration.ofMinutes(5), Duration.ofSeconds(10), 5, 262144,
			new TelemetryProperties.RateLimits(new TelemetryProperties.Limit("x", 10, 10), Map.of()));

	final TelemetryParser parser = new TelemetryParser(LIMITS, Clock.fixed(NOW, ZoneOffset.UTC));

	List<Reading> parse(String json) {
		return parser.parse(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void readsOneReadingWithEveryValueType() {
		List<Reading> readings = parse("{\"ts\": \"2026-11-27T09:59:00Z\", \"values\": {\"t\": 21.5, \"n\": 3, \"on\": true, \"mode\": \"eco\"}}");
		assertThat(readings).singleElement().satisfies(r -> {
			assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-27T09:59:00Z"));
			assertThat(r.values()).containsEntry("t", 21.5).containsEntry("n", 3.0).containsEntry("on", true).containsEntry("mode", "eco");
		});
	}

	@Test
	void usesTheArrivalTimeWithoutTsAndAcceptsEpochMillis() {
		assertThat(parse("{\"values\": {\"t\": 1}}").getFirst().ts()).isEqualTo(NOW);
		assertThat(parse("{\"ts\": " + NOW.minusSeconds(60).toEpochMilli() + ", \"values\": {\"t\": 1}}").getFirst().ts())
			.isEqualTo(NOW.minusSeconds(60));
	}

	@Test
	void readsABatch() {
		assertThat(parse("[{\"values\": {\"a\": 1}}, {\"values\": {\"b\": 2}}]")).hasSize(2);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = {
			"''|body",
			"'   '|body",
			"{\"values\": |body",
			"not json|body",
			"42|body",
			"[]|body",
			"[1]|[0]",
			"{}|values",
			"{\"values\": null}|values",
			"{\"values\": {}}|values",
			"{\"values\": [1, 2]}|values",
			"{\"values\": {\"t\": null}}|values.t",
			"{\"values\": {\"t\": {\"x\": 1}}}|values.t",
			"{\"values\": {\"t\": [1]}}|values.t",
			"{\"values\": {\"t\": \"a\\u0000b\"}}|values.t",
			"{\"values\": {\"t\": 1e999}}|values.t",
			"{\"values\": {\"t\": -1e999}}|values.t",
			"{\"values\": {\"t\": NaN}}|body",
			"{\"values\": {\"bad key\": 1}}|values.bad key",
			"{\"values\": {\"\": 1}}|values.",
			"{\"values\": {\"t\": 1, \"t\": 2}}|body",
			"{\"values\": {\"t\": 1}, \"extra\": 1}|extra",
			"{\"ts\": \"yesterday\", \"values\": {\"t\": 1}}|ts",
			"{\"ts\": true, \"values\": {\"t\": 1}}|ts",
			"{\"ts\": \"2026-11-01T00:00:00Z\", \"values\": {\"t\": 1}}|ts",
			"{\"ts\": \"2026-11-27T10:06:00Z\", \"values\": {\"t\": 1}}|ts",
			"[{\"values\": {\"a\": 1}}, {\"values\": {\"b\": \"x\", \"c\": null}}]|[1].values.c" })
	void rejectsBadInputNamingTheField(String json, String field) {
		assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(TelemetryRejected.class,
				e -> assertThat(e.field()).isEqualTo(field));
	}

	@Test
	void rejectsTooManyKeysLongKeysAndLargeBodies() {
		StringBuilder many = new StringBuilder("{\"values\": {");
		for (int i = 0; i < 257; i++) {
			many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
		}
		many.append("}}");
		assertThatThrownBy(() -> parse(many.toString())).hasMessageContaining("257 keys");
		assertThatThrownBy(() -> parse("{\"values\": {\"" + "k".repeat(65) + "\": 1}}"))
			.isInstanceOfSatisfying(TelemetryRejected.class, e -> assertThat(e.field()).startsWith("values.kkkk"));
		assertThatThrownBy(() -> parser.parse(new byte[65537])).isInstanceOfSatisfying(TelemetryRejected.class,
				e -> assertThat(e.field()).isEqualTo("body"));
		assertThatThrownBy(() -> parse("{\"values\": {\"s\": \"" + "x".repeat(4097) + "\"}}"))
			.isInstanceOfSatisfying(TelemetryRejected.class, e -> assertThat(e.field()).isEqualTo("values.s"));
	}

	@Test
	void acceptsExactlyTheLimits() {
		StringBuilder keys = new StringBuilder("{\"values\": {");
		for (int i = 0; i < 256; i++) {
			keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
		}
		keys.append("}}");
		assertThat(parse(keys.toString()).getFirst().values()).hasSize(256);
		assertThat(parse("{\"values\": {\"" + "k".repeat(64) + "\": 1}}")).hasSize(1);
		assertThat(parse("{\"ts\": \"2026-11-27T10:04:59Z\", \"values\": {\"a.b-c_D9\": 1}}")).hasSize(1);
	}
}
