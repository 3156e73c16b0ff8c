package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.TestTenant;
import io.cirrus.telemetry.TelemetryFixture.Device;

/**
 * HTTP ingest: device tokens, every kind of bad input, and no loss or duplicate under concurrency; each test runs
 * against the API port (Tomcat, Spring) and against the device endpoint (Netty), which must answer alike.
 */
@CirrusIntegrationTest
@ParameterizedClass(name = "{0}")
@ValueSource(strings = { "api port", "device endpoint" })
class TelemetryIngestIntegrationTests {

	@Parameter
	String port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	DeviceDirectory directory;

	@Autowired
	TelemetryQueries queries;

	TelemetryFixture fixture;

	@BeforeEach
	void setUp() {
		fixture = new TelemetryFixture(jdbc, transactions, registry);
	}

	@Test
	void refusesMissingUnknownAndRevokedTokensWith401() {
		TestTenant tenant = TestTenant.create(jdbc);
		Device device = fixture.device(tenant);
		String reading = "{\"values\": {\"t\": 1}}";
		Answer accepted = post("/api/v1/telemetry", device.token(), reading);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

		for (String path : List.of("/api/v1/telemetry", "/api/v1/heartbeat")) {
			Answer none = post(path, null, reading);
			assertThat(none.status()).as(path + " without a token").isEqualTo(401);
			assertThat(none.contentType()).startsWith("application/problem+json");
			assertThat(post(path, "cdt_" + "A".repeat(43), reading).status()).as(path + " unknown").isEqualTo(401);
			assertThat(post(path, "nonsense", reading).status()).as(path + " garbage").isEqualTo(401);
		}

		tenant.asDeveloper(() -> registry.revokeToken(device.id()));
		assertThat(post("/api/v1/telemetry", device.token(), reading).status()).isEqualTo(401);
		assertThat(post("/api/v1/heartbeat", device.token(), "").status()).isEqualTo(401);
	}

	@Test
	void answersEveryBadInputWith400NamingTheFieldAndStoresNothingOfIt() {
		TestTenant tenant = TestTenant.create(jdbc);
		Device device = fixture.device(tenant);
		String old = Instant.now().minus(Duration.ofDays(8)).toString();
		String future = Instant.now().plus(Duration.ofMinutes(10)).toString();
		Map<String, String> bad = new java.util.LinkedHashMap<>();
		bad.put("", "body");
		bad.put("{\"values\": {\"t\": 1}", "body");
		bad.put("<xml/>", "body");
		bad.put("[]", "body");
		bad.put("\"text\"", "body");
		bad.put("{}", "values");
		bad.put("{\"values\": {}}", "values");
		bad.put("{\"values\": \"t=1\"}", "values");
		bad.put("{\"values\": {\"t\": null}}", "values.t");
		bad.put("{\"values\": {\"t\": {\"nested\": 1}}}", "values.t");
		bad.put("{\"values\": {\"t\": 1e400}}", "values.t");
		// Beyond 2^53 a value would be stored rounded (it used to be: 39 digits kept 17).
		bad.put("{\"values\": {\"t\": 123456789012345678901234567890123456789}}", "values.t");
		bad.put("{\"values\": {\"t\": 9007199254740993}}", "values.t");
		bad.put("{\"values\": {\"t\": NaN}}", "body");
		bad.put("{\"values\": {\"t\": " + "[".repeat(100) + "]".repeat(100) + "}}", "body");
		bad.put("{\"values\": {\"bad key!\": 1}}", "values.bad key!");
		bad.put("{\"values\": {\"" + "k".repeat(65) + "\": 1}}", "values." + "k".repeat(64) + "…");
		bad.put("{\"ts\": \"" + old + "\", \"values\": {\"t\": 1}}", "ts");
		bad.put("{\"ts\": \"" + future + "\", \"values\": {\"t\": 1}}", "ts");
		bad.put("{\"ts\": \"noon\", \"values\": {\"t\": 1}}", "ts");
		bad.put("{\"values\": {\"t\": 1}, \"device\": \"other\"}", "device");
		// A batch with one bad reading is refused whole: the good readings before it are not stored either.
		bad.put("[{\"values\": {\"good\": 1}}, {\"values\": {\"good\": 2}}, {\"values\": {\"good\": [3]}}]", "[2].values.good");
		StringBuilder manyKeys = new StringBuilder("{\"values\": {");
		for (int i = 0; i < 257; i++) {
			manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": 1");
		}
		bad.put(manyKeys.append("}}").toString(), "values");

		for (Map.Entry<String, String> input : bad.entrySet()) {
			Answer answer = post("/api/v1/telemetry", device.token(), input.getKey());
			String what = abbreviate(input.getKey());
			assertThat(answer.status()).as(what).isEqualTo(400);
			assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
			assertThat(answer.json().get("errors").findValuesAsString("field")).as(what).containsExactly(input.getValue());
		}

		// Messages a person can act on, without the parser's class or feature names (another device: counts apart).
		Device other = fixture.device(tenant);
		String nan = post("/api/v1/telemetry", other.token(), "{\"values\": {\"t\": NaN}}").json().get("detail").asString();
		assertThat(nan).contains("NaN or Infinity").doesNotContain("JsonReadFeature").doesNotContain("`");
		String deep = post("/api/v1/telemetry", other.token(),
				"{\"values\": {\"t\": " + "[".repeat(100) + "]".repeat(100) + "}}").json().get("detail").asString();
		assertThat(deep).contains("more than 64 levels deep").doesNotContain("StreamReadConstraints");
		assertThat(post("/api/v1/telemetry", other.token(), "{\"values\": {\"t\": 9007199254740992}}").status())
			.as("2^53 itself is exact").isEqualTo(202);

		// Too large, declared or not: 413 on body, read no further than the limit.
		byte[] huge = ("{\"values\": {\"s\": \"" + "x".repeat(1024 * 1024) + "\"}}").getBytes();
		Answer tooLarge = postBytes("/api/v1/telemetry", device.token(), "application/json", huge);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.json().get("errors").findValuesAsString("field")).containsExactly("body");
		Answer binary = postBytes("/api/v1/telemetry", device.token(), "application/octet-stream",
				new byte[] { 0, (byte) 0xff, 0x7b, 0x22 });
		assertThat(binary.status()).isEqualTo(400);

		// Nothing of any of them was stored: a good reading afterwards is the only one there.
		assertThat(post("/api/v1/telemetry", device.token(), "{\"values\": {\"marker\": 1}}").status())
			.isEqualTo(202);
		Await.until("the marker stored", Duration.ofSeconds(30), () -> fixture.rows(device, "marker") == 1);
		assertThat(fixture.rows(device)).isEqualTo(1);

		// And every refusal is counted for the device page, with the last reason.
		int refused = bad.size() + 2;
		List<Rejections> rejections = Await.value("rejections counted", Duration.ofSeconds(10),
				() -> tenant.asDeveloper(() -> queries.rejections(device.id())),
				r -> !r.isEmpty() && r.getFirst().rejected() == refused);
		assertThat(rejections.getFirst().source()).isEqualTo(IngestSource.HTTP);
		assertThat(rejections.getFirst().lastError()).contains("body");
	}

	@Test
	void storesEveryAcceptedReadingExactlyOnceSingleAndBatchedConcurrently() throws Exception {
		TestTenant tenant = TestTenant.create(jdbc);
		Device single = fixture.device(tenant);
		Device batched = fixture.device(tenant);
		int singles = 600;
		int batches = 60;
		int perBatch = 10;
		try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < singles; i++) {
				int seq = i;
				answers.add(pool.submit(() -> post("/api/v1/telemetry", single.token(), "{\"values\": {\"seq\": " + seq + ", \"t\": 20.5}}")
					.status()));
			}
			for (int b = 0; b < batches; b++) {
				StringBuilder batch = new StringBuilder("[");
				for (int i = 0; i < perBatch; i++) {
					batch.append(i == 0 ? "" : ",").append("{\"values\": {\"seq\": ").append(b * perBatch + i).append(", \"on\": true}}");
				}
				String body = batch.append("]").toString();
				answers.add(pool.submit(() -> post("/api/v1/telemetry", batched.token(), body).status()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(202);
			}
		}
		Await.until("all readings stored", Duration.ofSeconds(60),
				() -> fixture.rows(single, "seq") >= singles && fixture.rows(batched, "seq") >= batches * perBatch);
		Thread.sleep(1500); // anything duplicated would arrive by now
		assertThat(fixture.rows(single, "seq")).isEqualTo(singles);
		assertThat(fixture.distinct(single, "seq")).isEqualTo(singles);
		assertThat(fixture.rows(single)).isEqualTo(2L * singles);
		assertThat(fixture.rows(batched, "seq")).isEqualTo(batches * perBatch);
		assertThat(fixture.distinct(batched, "seq")).isEqualTo(batches * perBatch);
	}

	@Test
	void heartbeatIsAcceptedAndMarksTheDeviceSeen() {
		TestTenant tenant = TestTenant.create(jdbc);
		Device device = fixture.device(tenant);
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Answer answer = post("/api/v1/heartbeat", device.token(), "");
		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.json().get("readings").asInt()).isZero();
		Await.until("the device seen", Duration.ofSeconds(30), () -> tenant.asDeveloper(
				() -> directory.find(device.id()).map(d -> d.lastSeen() != null && !d.lastSeen().isBefore(before)).orElse(false)));
		assertThat(fixture.rows(device)).isZero();
	}

	private String base() {
		return port.equals("api port") ? CirrusIntegrationTest.BASE_URL : TelemetryFixture.DEVICE_ENDPOINT;
	}

	private Answer post(String path, String deviceToken, String json) {
		return TelemetryFixture.post(base(), path, deviceToken, json);
	}

	private Answer postBytes(String path, String deviceToken, String contentType, byte[] body) {
		return TelemetryFixture.postBytes(base(), path, deviceToken, contentType, body);
	}

	private static String abbreviate(String text) {
		return text.length() > 80 ? text.substring(0, 80) + "…" : text;
	}
}
