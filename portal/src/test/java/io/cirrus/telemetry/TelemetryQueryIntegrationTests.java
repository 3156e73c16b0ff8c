package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import io.cirrus.test.TestTenant;
import tools.jackson.databind.JsonNode;

/** Stored telemetry over the API: downsampled series, latest values, keys, bad parameters, other tenants. */
@CirrusIntegrationTest
class TelemetryQueryIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TelemetryQueries queries;

	@Autowired
	org.springframework.transaction.support.TransactionTemplate transactions;

	@Autowired
	io.cirrus.device.DeviceRegistry registry;

	@Autowired
	io.cirrus.device.DeviceDirectory directory;

	@Test
	void downsamplesOnTheServerWithEachAggregation() {
		String user = Keycloak.token("acme-dev");
		DeviceApi.Registered device = DeviceApi.register(user, "series-" + UUID.randomUUID());
		// One reading a minute for an hour: temperature = minute index, door open on odd minutes.
		Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 60; i++) {
			batch.append(i == 0 ? "" : ",")
				.append("{\"ts\": \"").append(start.plus(Duration.ofMinutes(i))).append("\", \"values\": {\"temperature\": ")
				.append(i).append(", \"open\": ").append(i % 2 == 1).append("}}");
		}
		assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), batch.append("]").toString()).status()).isEqualTo(202);
		String base = "/api/v1/devices/" + device.id() + "/telemetry?keys=temperature,open&from=" + start + "&to="
				+ start.plus(Duration.ofHours(1)) + "&interval=10m";
		Await.until("stored", Duration.ofSeconds(30),
				() -> Api.get(base + "&agg=count", user).json().get("series").get("temperature").size() == 6);

		JsonNode avg = Api.get(base, user).json();
		assertThat(avg.get("agg").asString()).isEqualTo("avg");
		assertThat(avg.get("intervalSeconds").asDouble()).isEqualTo(600);
		JsonNode temperature = avg.get("series").get("temperature");
		assertThat(temperature.size()).isEqualTo(6);
		for (int k = 0; k < 6; k++) {
			assertThat(Instant.parse(temperature.get(k).get("ts").asString())).isEqualTo(start.plus(Duration.ofMinutes(10L * k)));
			assertThat(temperature.get(k).get("value").asDouble()).isEqualTo(10 * k + 4.5);
			assertThat(avg.get("series").get("open").get(k).get("value").asDouble()).isEqualTo(0.5);
		}
		assertThat(Api.get(base + "&agg=min", user).json().get("series").get("temperature").get(2).get("value").asDouble()).isEqualTo(20);
		assertThat(Api.get(base + "&agg=max", user).json().get("series").get("temperature").get(2).get("value").asDouble()).isEqualTo(29);
		assertThat(Api.get(base + "&agg=COUNT", user).json().get("series").get("temperature").get(5).get("value").asDouble()).isEqualTo(10);

		// Without keys: every key the device reported; a window without readings: empty series.
		JsonNode all = Api.get("/api/v1/devices/" + device.id() + "/telemetry?from=" + start + "&to=" + start.plus(Duration.ofHours(1)), Keycloak.token("acme-viewer")).json();
		assertThat(all.get("series").propertyNames()).containsExactlyInAnyOrder("open", "temperature");
		// The default interval gives about 300 points per window (12 s for an hour): each minute's reading its own point.
		assertThat(all.get("series").get("temperature").size()).isEqualTo(60);
	}

	@Test
	void latestValuesFollowTheNewestReadingOfEachKey() {
		String user = Keycloak.token("acme-dev");
		DeviceApi.Registered device = DeviceApi.register(user, "latest-" + UUID.randomUUID());
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), "{\"ts\": \"" + now.minusSeconds(60)
				+ "\", \"values\": {\"t\": 20.5, \"mode\": \"eco\", \"on\": true}}").status()).isEqualTo(202);
		String latest = "/api/v1/devices/" + device.id() + "/telemetry/latest";
		Await.until("latest", Duration.ofSeconds(30), () -> Api.get(latest, user).json().get("values").size() == 3);
		// An older reading arriving late does not win; a newer one does.
		DeviceApi.post("/api/v1/telemetry", device.token(), "{\"ts\": \"" + now.minusSeconds(120) + "\", \"values\": {\"t\": 1}}");
		DeviceApi.post("/api/v1/telemetry", device.token(), "{\"ts\": \"" + now + "\", \"values\": {\"mode\": \"boost\"}}");
		Await.until("newer mode", Duration.ofSeconds(30),
				() -> Api.get(latest, user).json().get("values").get("mode").get("value").asString().equals("boost"));
		JsonNode values = Api.get(latest, Keycloak.token("acme-viewer")).json().get("values");
		assertThat(values.get("t").get("value").asDouble()).isEqualTo(20.5);
		assertThat(Instant.parse(values.get("t").get("ts").asString())).isEqualTo(now.minusSeconds(60));
		assertThat(values.get("on").get("value").asBoolean()).isTrue();
		assertThat(values.get("on").get("value").isBoolean()).isTrue();

		// A late reading older than some stored keys and newer than others: newer values win key by key.
		DeviceApi.post("/api/v1/telemetry", device.token(), "{\"ts\": \"" + now.minusSeconds(30)
				+ "\", \"values\": {\"t\": 21.5, \"mode\": \"late\"}}");
		Await.until("late t", Duration.ofSeconds(30),
				() -> Api.get(latest, user).json().get("values").get("t").get("value").asDouble() == 21.5);
		values = Api.get(latest, user).json().get("values");
		assertThat(values.get("mode").get("value").asString()).isEqualTo("boost");
		assertThat(Instant.parse(values.get("t").get("ts").asString())).isEqualTo(now.minusSeconds(30));

		// Keys of one device measured at different times in one batch: each keeps its own time.
		DeviceApi.post("/api/v1/telemetry", device.token(), "[{\"ts\": \"" + now.plusSeconds(1)
				+ "\", \"values\": {\"a\": 1, \"t\": 22}}, {\"ts\": \"" + now.plusSeconds(2)
				+ "\", \"values\": {\"b\": \"x\", \"t\": 23}}, {\"ts\": \"" + now.minusSeconds(10)
				+ "\", \"values\": {\"a\": 0, \"on\": false}}]");
		Await.until("batch", Duration.ofSeconds(30), () -> Api.get(latest, user).json().get("values").size() == 5);
		values = Api.get(latest, user).json().get("values");
		assertThat(values.get("a").get("value").asDouble()).isEqualTo(1);
		assertThat(Instant.parse(values.get("a").get("ts").asString())).isEqualTo(now.plusSeconds(1));
		assertThat(values.get("b").get("value").asString()).isEqualTo("x");
		assertThat(values.get("t").get("value").asDouble()).isEqualTo(23);
		assertThat(Instant.parse(values.get("t").get("ts").asString())).isEqualTo(now.plusSeconds(2));
		assertThat(values.get("on").get("value").asBoolean()).isFalse();
		assertThat(values.get("mode").get("value").asString()).isEqualTo("boost");

		JsonNode keys = Api.get("/api/v1/devices/" + device.id() + "/telemetry/keys", user).json();
		assertThat(keys.get("keys").valueStream().map(JsonNode::asString).toList()).containsExactly("a", "b", "mode", "on", "t");
	}

	@Test
	void badParametersAre400NamingTheParameter() {
		String user = Keycloak.token("acme-dev");
		DeviceApi.Registered device = DeviceApi.register(user, "params-" + UUID.randomUUID());
		String path = "/api/v1/devices/" + device.id() + "/telemetry?";
		assertBad(path + "agg=median", user, "agg");
		assertBad(path + "interval=often", user, "interval");
		assertBad(path + "interval=0s", user, "interval");
		assertBad(path + "from=2026-11-31T00:00:00Z", user, "from");
		assertBad(path + "from=yesterday", user, "from");
		assertBad(path + "to=soon", user, "to");
		assertBad(path + "from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", user, "from");
		assertBad(path + "from=2025-01-01T00:00:00Z&to=2026-11-27T00:00:00Z", user, "from");
		assertBad(path + "from=2026-11-20T00:00:00Z&to=2026-11-27T00:00:00Z&interval=1s", user, "interval");
		assertBad(path + "keys=temperature,bad%20key", user, "keys");
		assertThat(Api.get(path + "from=1764230400000&to=1764234000000&interval=PT5M&agg=max", user).status()).isEqualTo(200);
	}

	@Test
	void anotherTenantsDeviceIs404OnEveryTelemetryEndpoint() {
		DeviceApi.Registered acme = DeviceApi.register(Keycloak.token("acme-dev"), "private-" + UUID.randomUUID());
		assertThat(DeviceApi.post("/api/v1/telemetry", acme.token(), "{\"values\": {\"secret\": 4242.5}}").status()).isEqualTo(202);
		String acmeViewer = Keycloak.token("acme-viewer");
		String globex = Keycloak.token("globex-dev");
		for (String suffix : List.of("", "/latest", "/keys", "/rejections", "?keys=secret&agg=max")) {
			String path = "/api/v1/devices/" + acme.id() + "/telemetry" + suffix;
			assertThat(Api.get(path, acmeViewer).status()).as("acme " + path).isEqualTo(200);
			Answer other = Api.get(path, globex);
			assertThat(other.status()).as("globex " + path).isEqualTo(404);
			assertThat(other.body()).doesNotContain("secret\"").doesNotContain("4242.5");
			assertThat(Api.get("/api/v1/devices/" + UUID.randomUUID() + "/telemetry" + suffix, acmeViewer).status()).isEqualTo(404);
			assertThat(Api.get("/api/v1/devices/not-a-device/telemetry" + suffix, acmeViewer).status()).isEqualTo(404);
			assertThat(Api.get(path, null).status()).isEqualTo(401);
		}
	}

	@Test
	void otherModulesCanAskWhetherATenantReportedAKey() {
		TestTenant tenant = TestTenant.create(jdbc);
		TestTenant other = TestTenant.create(jdbc);
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TelemetryFixture.Device device = fixture.device(tenant);
		assertThat(queries.hasReported(tenant.id(), "humidity")).isFalse();
		assertThat(TelemetryFixture.post("/api/v1/telemetry", device.token(), "{\"values\": {\"humidity\": 40}}").status()).isEqualTo(202);
		Await.until("reported", Duration.ofSeconds(30), () -> queries.hasReported(tenant.id(), "humidity"));
		assertThat(queries.hasReported(other.id(), "humidity")).isFalse();
		assertThat(queries.hasReported(tenant.id(), "temperature")).isFalse();
	}

	@Test
	void latestValuesOfSeveralDevicesComeInOneReadAndLeaveOutOtherTenantsDevices() {
		TestTenant tenant = TestTenant.create(jdbc);
		TestTenant other = TestTenant.create(jdbc);
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TelemetryFixture.Device first = fixture.device(tenant);
		TelemetryFixture.Device second = fixture.device(tenant);
		TelemetryFixture.Device silent = fixture.device(tenant);
		TelemetryFixture.Device foreign = fixture.device(other);
		TelemetryFixture.post("/api/v1/telemetry", first.token(), "{\"values\": {\"t\": 20.5, \"mode\": \"eco\"}}");
		TelemetryFixture.post("/api/v1/telemetry", second.token(), "{\"values\": {\"on\": true}}");
		TelemetryFixture.post("/api/v1/telemetry", foreign.token(), "{\"values\": {\"t\": 99}}");
		List<io.cirrus.shared.DeviceId> asked = List.of(first.id(), second.id(), silent.id(), foreign.id());
		Await.until("stored", Duration.ofSeconds(30), () -> tenant.asDeveloper(() -> queries.latest(asked)).size() == 2
				&& other.asDeveloper(() -> queries.latest(asked)).size() == 1);

		var latest = tenant.asDeveloper(() -> queries.latest(asked));
		assertThat(latest.keySet()).containsExactlyInAnyOrder(first.id(), second.id());
		assertThat(latest.get(first.id())).extracting(LatestValue::key, LatestValue::value)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("mode", "eco"), org.assertj.core.groups.Tuple.tuple("t", 20.5));
		assertThat(latest.get(second.id())).extracting(LatestValue::value).containsExactly(true);
		// The same as one device's read.
		assertThat(latest.get(first.id())).isEqualTo(tenant.asDeveloper(() -> queries.latest(first.id())));
		assertThat(other.asDeveloper(() -> queries.latest(asked)).get(foreign.id())).extracting(LatestValue::value).containsExactly(99.0);
		assertThat(tenant.asDeveloper(() -> queries.latest(List.<io.cirrus.shared.DeviceId>of()))).isEmpty();
		// The devices those reads name come the same way, in one query: the tenant's only.
		assertThat(tenant.asDeveloper(() -> directory.findAll(asked)).keySet()).containsExactlyInAnyOrder(first.id(), second.id(), silent.id());
	}

	private static void assertBad(String path, String user, String field) {
		Answer answer = Api.get(path, user);
		assertThat(answer.status()).as(path).isEqualTo(400);
		assertThat(answer.json().get("errors").findValuesAsString("field")).as(path).containsExactly(field);
	}
}
