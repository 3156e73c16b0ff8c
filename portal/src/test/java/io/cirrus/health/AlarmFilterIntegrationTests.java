package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** The alarm list narrowed by severity, state, device and time, and alarms acknowledged several at once. */
@CirrusIntegrationTest
class AlarmFilterIntegrationTests {

	@Test
	void alarmsAreFilteredAndAcknowledgedInBulk() {
		String dev = Keycloak.token("acme-dev");
		String key = "bulk_" + UUID.randomUUID().toString().substring(0, 8);
		var device = DeviceApi.register(dev, key + "-sensor");
		var other = DeviceApi.register(dev, key + "-other");
		List<String> rules = new ArrayList<>();
		try {
			rules.add(rule(dev, device.token(), key + "_a", "MAJOR"));
			rules.add(rule(dev, device.token(), key + "_b", "WARNING"));
			Instant before = Instant.now().minusSeconds(5);
			DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"" + key + "_a\":5,\"" + key + "_b\":5}}");
			DeviceApi.post("/api/v1/telemetry", other.token(), "{\"values\":{\"" + key + "_a\":5}}");
			String ofDevice = "/api/v1/alarms?device=" + device.id();
			Await.until("both alarms of the device raised", Duration.ofSeconds(20), () -> Api.get(ofDevice, dev).json().size() == 2);
			Await.until("the other device's alarm raised", Duration.ofSeconds(20),
					() -> Api.get("/api/v1/alarms?device=" + other.id(), dev).json().size() == 1);

			assertThat(severities(Api.get(ofDevice + "&severity=MAJOR", dev).json())).containsExactly("MAJOR");
			assertThat(severities(Api.get(ofDevice + "&severity=major&severity=WARNING", dev).json()))
				.containsExactlyInAnyOrder("MAJOR", "WARNING");
			assertThat(Api.get(ofDevice + "&state=UNACKNOWLEDGED", dev).json()).hasSize(2);
			assertThat(Api.get(ofDevice + "&state=CLEARED", dev).json()).isEmpty();
			assertThat(Api.get(ofDevice + "&since=" + before, dev).json()).hasSize(2);
			assertThat(Api.get(ofDevice + "&since=" + Instant.now().plusSeconds(60), dev).json()).isEmpty();

			List<String> ids = new ArrayList<>();
			Api.get(ofDevice, dev).json().forEach(a -> ids.add(a.get("id").asString()));

			// Another tenant's user cannot acknowledge them (not found), nor can a viewer (forbidden).
			Answer globex = Api.post("/api/v1/alarms/acknowledge", Keycloak.token("globex-dev"), Api.json(Map.of("ids", ids)));
			assertThat(globex.status()).isEqualTo(404);
			assertThat(globex.contentType()).startsWith("application/problem+json");
			assertThat(Api.post("/api/v1/alarms/acknowledge", Keycloak.token("acme-viewer"), Api.json(Map.of("ids", ids))).status())
				.isEqualTo(403);
			assertThat(Api.get(ofDevice + "&state=UNACKNOWLEDGED", dev).json()).hasSize(2);

			Answer acknowledged = Api.post("/api/v1/alarms/acknowledge", dev, Api.json(Map.of("ids", ids, "note", "on it")));
			assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
			assertThat(acknowledged.json().get("acknowledged").asInt()).isEqualTo(2);
			assertThat(Api.post("/api/v1/alarms/acknowledge", dev, Api.json(Map.of("ids", ids))).json().get("acknowledged").asInt())
				.isZero();
			assertThat(Api.get(ofDevice + "&state=UNACKNOWLEDGED", dev).json()).isEmpty();
			JsonNode one = Api.get(ofDevice + "&state=ACTIVE", dev).json().get(0);
			assertThat(one.get("acknowledgedBy").asString()).isEqualTo("acme-dev");
			assertThat(one.get("acknowledgementNote").asString()).isEqualTo("on it");
			// The other device's alarm was not touched.
			assertThat(Api.get("/api/v1/alarms?state=UNACKNOWLEDGED&device=" + other.id(), dev).json()).hasSize(1);

			Answer badSeverity = Api.get("/api/v1/alarms?severity=LOUD", dev);
			assertThat(badSeverity.status()).isEqualTo(400);
			assertThat(badSeverity.json().get("errors").get(0).get("field").asString()).isEqualTo("severity");
			assertThat(Api.get("/api/v1/alarms?state=SLEEPING", dev).json().get("errors").get(0).get("field").asString())
				.isEqualTo("state");
			assertThat(Api.get("/api/v1/alarms?since=yesterday", dev).status()).isEqualTo(400);
			assertThat(Api.get("/api/v1/alarms?device=nope", dev).status()).isEqualTo(400);
			assertThat(Api.post("/api/v1/alarms/acknowledge", dev, Api.json(Map.of("ids", List.of()))).status()).isEqualTo(400);
		}
		finally {
			rules.forEach(rule -> Api.delete("/api/v1/alarm-rules/" + rule, dev));
		}
	}

	private static List<String> severities(JsonNode alarms) {
		List<String> found = new ArrayList<>();
		alarms.forEach(a -> found.add(a.get("severity").asString()));
		return found;
	}

	/** A rule raising an alarm as soon as the key is above 0 on any device (the key must be known first). */
	private static String rule(String token, String deviceToken, String key, String severity) {
		return Await.value("a " + severity + " rule on " + key, Duration.ofSeconds(30), () -> {
			DeviceApi.post("/api/v1/telemetry", deviceToken, "{\"values\":{\"" + key + "\":0}}");
			Answer created = Api.post("/api/v1/alarm-rules", token, Api.json(Map.of("name", key + " " + severity, "source",
					"TELEMETRY", "metric", key, "operator", ">", "threshold", 0, "durationSeconds", 0, "severity", severity,
					"selector", "all")));
			return created.status() == 201 ? created.json().get("id").asString() : null;
		}, id -> id != null);
	}
}
