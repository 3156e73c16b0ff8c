package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.DeviceTraffic;
import io.cirrus.test.Keycloak;
import io.cirrus.test.MqttDevice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform admin suspends a tenant (a fresh Keycloak organization, so no other test's tenant is touched): its
 * users' API calls answer 403 "Tenant suspended" with the reason, its devices' HTTP ingest (both ports) is refused,
 * MQTT sessions end and CONNECT is refused "not authorized", each counted in the device's rejections with the
 * reason, its apps evaluate nothing (an event that reached Kafka meanwhile is skipped); another tenant goes on
 * untouched; tenant admins and developers cannot suspend. Resumed, everything works again.
 */
@CirrusIntegrationTest
class TenantSuspensionIntegrationTests {

	static final String ADMIN_TENANTS = "/api/v1/admin/tenants/";

	static final String DEVICE_ENDPOINT = "http://127.0.0.1:18081";

	static final String REASON = "Invoice 2026-117 is unpaid";

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Autowired
	DeviceTrafficTopics topics;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aSuspendedTenantIsRefusedEverywhereAndResumedGetsEverythingBack() throws Exception {
		Keycloak.TemporaryOrganization organization = Keycloak.createOrganization("Suspendable", "developer");
		String platform = Keycloak.token("platform-admin");
		String tenantId = null;
		try {
			String dev = Keycloak.token(organization.username());
			tenantId = Api.get("/api/v1/me", dev).json().get("tenant").get("id").asString();
			String tag = "suspend-" + UUID.randomUUID().toString().substring(0, 8);
			Answer registered = Api.post("/api/v1/devices", dev, Api.json(Map.of("name", "Freezer " + tag, "tags", List.of(tag))));
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			String deviceId = registered.json().get("device").get("id").asString();
			String deviceToken = registered.json().get("token").asString();
			String app = deployApp(dev, tag);
			DeviceTraffic.awaitAssigned(listeners, "app-runtime");

			// Before: the app evaluates a reading sent over HTTP; an MQTT session is open.
			assertThat(DeviceApi.post("/api/v1/telemetry", deviceToken, reading(35)).status()).isEqualTo(202);
			Await.until("the app evaluated the first reading", Duration.ofSeconds(30), () -> invocations(dev, app) == 1);
			MqttDevice live = MqttDevice.connect(deviceId, deviceToken);

			// Only platform admins suspend, with a reason, a known tenant, once.
			for (String user : List.of("acme-admin", "globex-admin")) {
				Answer refused = Api.post(ADMIN_TENANTS + tenantId + "/suspend", Keycloak.token(user), "{\"reason\":\"x\"}");
				assertThat(refused.status()).as(user + ": " + refused.body()).isEqualTo(403);
			}
			assertThat(Api.post(ADMIN_TENANTS + tenantId + "/suspend", dev, "{\"reason\":\"x\"}").status()).isEqualTo(403);
			Answer noReason = Api.post(ADMIN_TENANTS + tenantId + "/suspend", platform, "{\"reason\":\"  \"}");
			assertThat(noReason.status()).as(noReason.body()).isEqualTo(400);
			assertThat(noReason.contentType()).startsWith("application/problem+json");
			assertThat(noReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
			assertThat(Api.post(ADMIN_TENANTS + tenantId + "/suspend", platform, "").status()).isEqualTo(400);
			Answer unknown = Api.post(ADMIN_TENANTS + UUID.randomUUID() + "/suspend", platform, "{\"reason\":\"x\"}");
			assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
			assertThat(unknown.contentType()).startsWith("application/problem+json");
			assertThat(Api.post(ADMIN_TENANTS + "not-an-id/suspend", platform, "{\"reason\":\"x\"}").status()).isEqualTo(400);
			assertThat(Api.post(ADMIN_TENANTS + tenantId + "/resume", platform, "").status()).as("not suspended").isEqualTo(409);

			Answer suspended = Api.post(ADMIN_TENANTS + tenantId + "/suspend", platform, Api.json(Map.of("reason", REASON)));
			assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
			assertThat(suspended.json().get("suspendedReason").asString()).isEqualTo(REASON);
			assertThat(suspended.json().get("suspendedAt").isNull()).isFalse();
			assertThat(Api.post(ADMIN_TENANTS + tenantId + "/suspend", platform, Api.json(Map.of("reason", REASON))).status())
				.as("suspended already").isEqualTo(409);
			assertThat(listed(platform, tenantId).get("suspendedReason").asString()).isEqualTo(REASON);
			assertThat(jdbc.sql("select suspended_by from tenant where id = ?").param(UUID.fromString(tenantId))
				.query(String.class).single()).isEqualTo("platform-admin");

			// The API: every endpoint of the tenant, /me included, answers 403 with the reason.
			for (String path : List.of("/api/v1/me", "/api/v1/devices", "/api/v1/apps", "/api/v1/devices/" + deviceId)) {
				Answer refused = Api.get(path, dev);
				assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(403);
				assertThat(refused.contentType()).as(path).startsWith("application/problem+json");
				assertThat(refused.json().get("title").asString()).isEqualTo("Tenant suspended");
				assertThat(refused.json().get("detail").asString()).contains("Tenant suspended").contains(REASON);
				assertThat(refused.json().get("reason").asString()).isEqualTo(REASON);
			}
			assertThat(Api.post("/api/v1/devices", dev, Api.json(Map.of("name", "more"))).status()).isEqualTo(403);

			// HTTP ingest on the API port and on the device endpoint.
			Answer api = DeviceApi.post("/api/v1/telemetry", deviceToken, reading(40));
			assertThat(api.status()).as(api.body()).isEqualTo(403);
			assertThat(api.json().get("detail").asString()).contains(REASON);
			HttpResponse<String> endpoint = HTTP.send(HttpRequest.newBuilder(URI.create(DEVICE_ENDPOINT + "/api/v1/telemetry"))
				.header("Content-Type", "application/json").header("X-Device-Token", deviceToken)
				.POST(HttpRequest.BodyPublishers.ofString(reading(41))).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(403);
			assertThat(endpoint.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(JSON.readTree(endpoint.body()).get("reason").asString()).isEqualTo(REASON);

			// MQTT: the open session ends, a new CONNECT is refused "not authorized".
			Await.until("the MQTT session of the suspended tenant's device ended", Duration.ofSeconds(10), () -> !live.connected());
			live.close();
			assertThatThrownBy(() -> MqttDevice.connect(deviceId, deviceToken).close())
				.isInstanceOfSatisfying(MqttException.class,
						e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));

			// Apps: a reading that reached Kafka meanwhile (accepted just before, or by another instance) is skipped.
			RecordMetadata skipped = new DeviceTraffic(kafka, topics).reading(new TenantId(UUID.fromString(tenantId)),
					new DeviceId(UUID.fromString(deviceId)), Map.of("temperature", 50));
			Await.until("the apps runtime passed the suspended tenant's reading", Duration.ofSeconds(30),
					() -> evaluatedUpTo(skipped) > skipped.offset());

			// Another tenant is untouched meanwhile.
			String globex = Keycloak.token("globex-dev");
			assertThat(Api.get("/api/v1/devices", globex).status()).isEqualTo(200);
			DeviceApi.Registered other = DeviceApi.register(globex, "Unaffected " + tag);
			assertThat(DeviceApi.post("/api/v1/telemetry", other.token(), reading(20)).status()).isEqualTo(202);
			try (MqttDevice otherLive = MqttDevice.connect(other.id(), other.token())) {
				assertThat(otherLive.connected()).isTrue();
			}

			// Resumed: the API, both ingest paths, MQTT and the app work again.
			Answer resumed = Api.post(ADMIN_TENANTS + tenantId + "/resume", platform, "");
			assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
			assertThat(resumed.json().get("suspendedAt").isNull()).isTrue();
			assertThat(listed(platform, tenantId).get("suspendedAt").isNull()).isTrue();
			assertThat(Api.get("/api/v1/me", dev).status()).isEqualTo(200);
			assertThat(Api.get("/api/v1/devices/" + deviceId, dev).status()).isEqualTo(200);
			try (MqttDevice back = MqttDevice.connect(deviceId, deviceToken)) {
				assertThat(back.connected()).isTrue();
			}
			assertThat(DeviceApi.post("/api/v1/telemetry", deviceToken, reading(36)).status()).isEqualTo(202);
			Await.until("the app evaluated the reading after the resume", Duration.ofSeconds(30), () -> invocations(dev, app) >= 2);
			Thread.sleep(3000); // the usage ledger flushes every second: a late count of the skipped reading would show
			assertThat(invocations(dev, app)).as("the reading sent while suspended was not evaluated").isEqualTo(2);

			// The device's rejections name the suspension, per path.
			JsonNode rejections = Api.get("/api/v1/devices/" + deviceId + "/telemetry/rejections", dev).json();
			assertThat(rejections.valueStream().map(r -> r.get("source").asString()).toList()).contains("HTTP", "MQTT");
			rejections.valueStream().forEach(r -> assertThat(r.get("lastError").asString()).contains("Tenant suspended").contains(REASON));
		}
		finally {
			if (tenantId != null) {
				Api.post(ADMIN_TENANTS + tenantId + "/resume", platform, "");
			}
			Keycloak.deleteOrganization(organization);
		}
	}

	private static String deployApp(String token, String tag) {
		String yaml = """
				name: Suspension %s
				permissions:
				  devices: {tags: [%s]}
				  actions: [command]
				triggers:
				  - {id: readings, kind: telemetry, keys: [temperature]}
				rules:
				  - id: cool
				    condition: event.values.temperature > 30.0
				    actions:
				      - kind: command
				        name: cool
				        params: {target: "{{ event.values.temperature - 10.0 }}"}
				""".formatted(tag, tag);
		Answer created = Api.postBytes("/api/v1/apps", token, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String app = created.json().get("app").asString();
		Answer deployed = Api.post("/api/v1/apps/" + app + "/deployments", token, "{\"version\": 1}");
		assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
		assertThat(deployed.json().get("state").asString()).isEqualTo("RUNNING");
		return app;
	}

	private static long invocations(String token, String app) {
		return Api.get("/api/v1/apps/" + app + "/metrics", token).json().get("invocations24h").asLong();
	}

	private static JsonNode listed(String platform, String tenantId) {
		return Api.get("/api/v1/admin/tenants", platform).json().valueStream()
			.filter(t -> t.get("id").asString().equals(tenantId)).findFirst().orElseThrow();
	}

	/** The next offset of the reading's partition the apps runtime stored as evaluated. */
	private long evaluatedUpTo(RecordMetadata record) {
		return jdbc.sql("""
				select coalesce(max(next_offset), -1) from app_runtime_position
				where consumer_group = ? and topic = ? and kafka_partition = ?""")
			.params(topics.group("apps"), record.topic(), record.partition())
			.query(Long.class).single();
	}

	private static String reading(double temperature) {
		return "{\"values\": {\"temperature\": " + temperature + "}}";
	}
}
