package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceTraffic;
import io.cirrus.test.Keycloak;

/** The alarm rule API: who may change rules, what a rule must say, and that tenants never see each other's. */
@CirrusIntegrationTest
class AlarmRulesApiIntegrationTests {

	private static final String RULES = "/api/v1/alarm-rules";

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Autowired
	DeviceTrafficTopics topics;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	String admin;

	@BeforeEach
	void acmeDevicesReportHumidity() {
		admin = Keycloak.token("acme-admin");
		TenantId acme = TenantId.of(Api.get("/api/v1/me", admin).json().get("tenant").get("id").asString());
		DeviceTraffic traffic = new DeviceTraffic(kafka, topics);
		DeviceTraffic.awaitAssigned(listeners, "health-telemetry");
		DeviceId device = DeviceId.random();
		Awaitility.await("the key is known").atMost(Duration.ofSeconds(30)).until(() -> {
			traffic.reading(acme, device, Map.of("humidity", 40.0));
			return Api.post(RULES, admin, valid(Map.of())).status() == 201;
		});
	}

	@Test
	void tenantAdminsAndDevelopersManageRulesViewersOnlyRead() {
		Answer created = Api.post(RULES, Keycloak.token("acme-dev"), valid(Map.of("name", "Dry air")));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Location")).endsWith(created.json().get("id").asString());
		String path = RULES + "/" + created.json().get("id").asString();

		String viewer = Keycloak.token("acme-viewer");
		assertThat(Api.get(path, viewer).status()).isEqualTo(200);
		assertThat(Api.post(RULES, viewer, valid(Map.of())).status()).isEqualTo(403);
		assertThat(Api.put(path, viewer, valid(Map.of())).status()).isEqualTo(403);
		assertThat(Api.delete(path, viewer).status()).isEqualTo(403);

		Answer changed = Api.put(path, admin, valid(Map.of("threshold", 25, "name", "Very dry air")));
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().get("threshold").asDouble()).isEqualTo(25);
		assertThat(Api.delete(path, admin).status()).isEqualTo(204);
		assertThat(Api.get(path, admin).status()).isEqualTo(404);
	}

	@Test
	void anotherTenantsRuleIsNotFound() {
		String path = RULES + "/" + Api.post(RULES, admin, valid(Map.of())).json().get("id").asString();
		for (String user : new String[] { "globex-admin", "globex-dev", "globex-viewer" }) {
			String token = Keycloak.token(user);
			assertThat(Api.get(path, token).status()).as(user).isEqualTo(404);
			assertThat(Api.put(path, token, valid(Map.of())).status()).as(user).isIn(403, 404);
			assertThat(Api.delete(path, token).status()).as(user).isIn(403, 404);
			assertThat(Api.get(RULES, token).body()).doesNotContain(path.substring(RULES.length() + 1));
		}
		assertThat(Api.get(path, admin).status()).isEqualTo(200);
	}

	@Test
	void badOperatorIsRefusedNamingTheField() {
		assertInvalid(valid(Map.of("operator", "=>")), "operator");
	}

	@Test
	void negativeDurationIsRefusedNamingTheField() {
		assertInvalid(valid(Map.of("durationSeconds", -5)), "durationSeconds");
	}

	@Test
	void unknownTelemetryKeyIsRefusedNamingTheField() {
		assertInvalid(valid(Map.of("metric", "humidty")), "metric");
		assertInvalid(valid(Map.of("metric", "not a key!")), "metric");
	}

	@Test
	void unknownHealthMetricIsRefusedNamingTheField() {
		assertInvalid(valid(Map.of("source", "HEALTH", "metric", "queue.depth")), "metric");
		assertThat(Api.post(RULES, admin, valid(Map.of("source", "HEALTH", "metric", "devices.offline"))).status())
			.isEqualTo(201);
	}

	@Test
	void badSelectorSeverityAndSourceAreRefusedNamingTheField() {
		assertInvalid(valid(Map.of("selector", "device:not-a-uuid")), "selector");
		assertInvalid(valid(Map.of("selector", "room:kitchen")), "selector");
		assertInvalid(valid(Map.of("severity", "APOCALYPTIC")), "severity");
		assertInvalid(valid(Map.of("source", "WEATHER")), "source");
		assertInvalid(valid(Map.of("threshold", "warm")), "threshold");
	}

	@Test
	void missingFieldsAreRefusedNamingThem() {
		Answer answer = Api.post(RULES, admin, "{}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("errors").findValuesAsString("field")).contains("name", "source", "metric",
				"operator", "threshold", "durationSeconds", "severity");
	}

	private void assertInvalid(String json, String field) {
		Answer answer = Api.post(RULES, admin, json);
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().get("errors").findValuesAsString("field")).contains(field);
	}

	private static String valid(Map<String, Object> overrides) {
		Map<String, Object> rule = new HashMap<>(Map.of("name", "Dry air " + UUID.randomUUID().toString().substring(0, 6),
				"source", "TELEMETRY", "metric", "humidity", "selector", "all", "operator", "<", "threshold", 20,
				"durationSeconds", 300, "severity", "MINOR"));
		rule.putAll(overrides);
		return Api.json(rule);
	}
}
