package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

class TelemetryRecordJsonTests {

	private final TelemetryRecord record = new TelemetryRecord(TenantId.of("5f0c7a56-1d7b-4f6a-9a34-0c9f2a6c1b11"),
			DeviceId.of("0b4c9c2e-8f57-4d43-a3c8-5f6e7d8c9b10"), TelemetryRecord.Kind.TELEMETRY,
			Instant.parse("2026-12-02T10:15:30.123456789Z"), Instant.parse("2026-12-02T10:15:31.000001Z"),
			Map.of("temperature", 21.5, "door", "open", "armed", true));

	@Test
	void instantsTravelAsExactDecimalSecondsAndComeBackUnchanged() {
		String json = new String(TelemetryRecordJson.write(record), StandardCharsets.UTF_8);
		assertThat(json).contains("\"ts\":1796206530.123456789").doesNotContain("2026-12-02T");
		assertThat(TelemetryRecordJson.read(json)).isEqualTo(record);
		// As the consumers read it: the Kafka record's UTF-8 bytes.
		assertThat(TelemetryRecordJson.read(TelemetryRecordJson.write(record))).isEqualTo(record);
	}

	@Test
	void textValuesBeyondAsciiComeBackUnchangedFromBytes() {
		TelemetryRecord text = new TelemetryRecord(record.tenant(), record.device(), TelemetryRecord.Kind.TELEMETRY,
				record.ts(), record.receivedAt(), Map.of("place", "Zürich \"Nord\" ✓", "t", -0.5));
		assertThat(TelemetryRecordJson.read(TelemetryRecordJson.write(text))).isEqualTo(text);
	}

	@Test
	void recordsWrittenWithIsoTextByEarlierVersionsAreStillRead() {
		String earlier = """
				{"tenant":"5f0c7a56-1d7b-4f6a-9a34-0c9f2a6c1b11","device":"0b4c9c2e-8f57-4d43-a3c8-5f6e7d8c9b10",
				 "kind":"TELEMETRY","ts":"2026-12-02T10:15:30.123456789Z","receivedAt":"2026-12-02T10:15:31.000001Z",
				 "values":{"temperature":21.5,"door":"open","armed":true},"addedLater":1}""";
		assertThat(TelemetryRecordJson.read(earlier)).isEqualTo(record);
	}

	@Test
	void heartbeatsAndWholeSecondsRoundTrip() {
		TelemetryRecord heartbeat = new TelemetryRecord(record.tenant(), record.device(), TelemetryRecord.Kind.HEARTBEAT,
				Instant.ofEpochSecond(1796206530), Instant.ofEpochSecond(1796206530, 1), Map.of());
		assertThat(TelemetryRecordJson.read(new String(TelemetryRecordJson.write(heartbeat), StandardCharsets.UTF_8)))
			.isEqualTo(heartbeat);
	}

	@Test
	void aBatchTravelsAsOneRecordAndComesBackReadingByReadingInOrder() {
		List<TelemetryRecord> batch = List.of(record, at(record.ts().plusMillis(1), Map.of("temperature", 21.6)),
				at(record.ts().minusSeconds(60), Map.of("door", "closed")));
		byte[] json = TelemetryRecordJson.write(batch);
		assertThat(new String(json, StandardCharsets.UTF_8)).containsOnlyOnce(record.tenant().toString())
			.contains("\"readings\":[");
		assertThat(TelemetryRecordJson.readAll(json)).isEqualTo(batch);
		assertThat(TelemetryRecordJson.readAll(TelemetryRecordJson.write(List.of(record)))).containsExactly(record);
		assertThatThrownBy(() -> TelemetryRecordJson.read(json)).as("not a single record")
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aBatchRecordHoldsTheReadingsOfOneMessageOnly() {
		TelemetryRecord otherDevice = new TelemetryRecord(record.tenant(), DeviceId.random(), record.kind(), record.ts(),
				record.receivedAt(), record.values());
		assertThatThrownBy(() -> TelemetryRecordJson.write(List.of(record, otherDevice)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> TelemetryRecordJson.write(List.of())).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void malformedBatchRecordsThrowInsteadOfComingOutHalfRead() {
		String head = "{\"tenant\":\"5f0c7a56-1d7b-4f6a-9a34-0c9f2a6c1b11\",\"device\":\"0b4c9c2e-8f57-4d43-a3c8-5f6e7d8c9b10\","
				+ "\"kind\":\"TELEMETRY\",\"receivedAt\":1796206531,\"readings\":";
		for (String readings : List.of("[]", "[{\"values\":{\"a\":1}}]", "[{\"ts\":1796206530,\"values\":{\"a\":1}},2]",
				"[{\"ts\":1796206530,\"values\":{\"a\":1}}", "{}")) {
			assertThatThrownBy(() -> TelemetryRecordJson.readAll((head + readings + "}").getBytes(StandardCharsets.UTF_8)))
				.as(readings)
				.isInstanceOf(RuntimeException.class);
		}
	}

	private TelemetryRecord at(Instant ts, Map<String, Object> values) {
		return new TelemetryRecord(record.tenant(), record.device(), record.kind(), ts, record.receivedAt(), values);
	}

	@Test
	void malformedRecordsThrowInsteadOfComingOutHalfRead() {
		assertThatThrownBy(() -> TelemetryRecordJson.read("{\"tenant\":\"5f0c7a56-1d7b-4f6a-9a34-0c9f2a6c1b11\"}"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> TelemetryRecordJson.read("[1]")).isInstanceOf(RuntimeException.class);
		assertThatThrownBy(() -> TelemetryRecordJson.read(new String(TelemetryRecordJson.write(record), StandardCharsets.UTF_8)
			.replace("\"door\":\"open\"", "\"door\":[1]"))).isInstanceOf(RuntimeException.class);
	}
}
