package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

/**
 * Device health with real traffic: the measured reporting interval and its drift, advice on the dashboard, and the
 * opt-in reboot command for a device that stopped reporting; validation, roles and tenant isolation of the API.
 */
@CirrusIntegrationTest
class DeviceHealthIntegrationTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void theMeasuredIntervalDriftsFromTheProfileAndTheDashboardAdvises() throws Exception {
		String dev = Keycloak.token("acme-dev");
		String profile = profile(dev, 2, 10);
		DeviceApi.Registered device = register(dev, profile);
		for (int i = 0; i < 15; i++) {
			Answer sent = DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"temperature\":" + (20 + i) + "}}");
			assertThat(sent.status()).as(sent.body()).isEqualTo(202);
			Thread.sleep(400);
		}
		String path = "/api/v1/health/devices/" + device.id() + "/reporting";
		Await.until("the reporting figures", WAIT, () -> Api.get(path, dev).json().get("samples").asInt() >= 10);
		JsonNode figures = Api.get(path, dev).json();
		assertThat(figures.get("expectedSeconds").asInt()).isEqualTo(2);
		assertThat(figures.get("p50Millis").asLong()).isBetween(300L, 1000L);
		assertThat(figures.get("driftPercent").asDouble()).isLessThan(-25);
		Await.until("the drift advice", WAIT, () -> Api.get("/api/v1/health/recommendations", dev)
			.body()
			.contains("/devices/" + device.id()));
		assertThat(Api.get("/api/v1/health/recommendations", Keycloak.token("acme-viewer")).body())
			.contains("instead of every 2 s");
		// Another tenant's device is not there for globex.
		assertThat(Api.get(path, Keycloak.token("globex-dev")).status()).isEqualTo(404);
		assertThat(Api.get("/api/v1/health/recommendations", Keycloak.token("globex-dev")).body())
			.doesNotContain(device.id());
	}

	@Test
	void aSilentDeviceIsRebootedOncePerSilenceWhenItsProfileOptedIn() throws Exception {
		String dev = Keycloak.token("acme-dev");
		String profile = profile(dev, 1, 2);
		DeviceApi.Registered device = register(dev, profile);
		DeviceApi.Registered other = register(dev, profile(dev, 1, 2));
		Answer policy = Api.put("/api/v1/health/device-recovery/" + profile, dev, Api.json(Map.of("rebootAfterMissed", 3)));
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);
		assertThat(policy.json().get("rebootAfterMissed").asInt()).isEqualTo(3);
		assertThat(Api.get("/api/v1/health/device-recovery", Keycloak.token("acme-viewer")).body()).contains(profile);

		assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"t\":1}}").status()).isEqualTo(202);
		assertThat(DeviceApi.post("/api/v1/telemetry", other.token(), "{\"values\":{\"t\":1}}").status()).isEqualTo(202);
		String commands = "/api/v1/devices/" + device.id() + "/commands";
		Await.until("the reboot command", WAIT, () -> Api.get(commands, dev).body().contains("\"reboot\""));
		JsonNode reboot = Api.get(commands, dev).json().get(0);
		assertThat(reboot.get("createdBy").asString()).isEqualTo("platform");
		Await.until("the device offline", WAIT,
				() -> Api.get("/api/v1/devices/" + device.id(), dev).json().get("status").asString().equals("offline"));
		Await.until("the offline advice", WAIT, () -> Api.get("/api/v1/health/recommendations", dev)
			.body()
			.contains("Check its power and connectivity"));
		assertThat(Api.get("/api/v1/health/recovery", dev).body()).contains("device:" + device.id());

		// Several recovery rounds later still one command for this silence; the device of a profile without a
		// policy got none.
		Thread.sleep(3000);
		assertThat(count(Api.get(commands, dev).json(), "reboot")).isEqualTo(1);
		assertThat(count(Api.get("/api/v1/devices/" + other.id() + "/commands", dev).json(), "reboot")).isZero();

		// It reports again and falls silent again: a new silence, a new reboot.
		assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"t\":2}}").status()).isEqualTo(202);
		Await.until("a second reboot", WAIT, () -> count(Api.get(commands, dev).json(), "reboot") == 2);

		assertThat(Api.delete("/api/v1/health/device-recovery/" + profile, dev).status()).isEqualTo(204);
		assertThat(Api.get("/api/v1/health/device-recovery", dev).body()).doesNotContain(profile);
	}

	@Test
	void policiesAreValidatedRoleCheckedAndTenantScoped() {
		String dev = Keycloak.token("acme-dev");
		String profile = profile(dev, 60, 180);
		String path = "/api/v1/health/device-recovery/" + profile;
		for (Object bad : List.of(0, -1, 1001)) {
			Answer answer = Api.put(path, dev, Api.json(Map.of("rebootAfterMissed", bad)));
			assertThat(answer.status()).as(answer.body()).isEqualTo(400);
			assertThat(answer.body()).contains("rebootAfterMissed");
		}
		Answer missing = Api.put(path, dev, "{}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("rebootAfterMissed");
		assertThat(Api.put(path, dev, "{\"rebootAfterMissed\": \"many\"}").status()).isEqualTo(400);
		assertThat(Api.put(path, Keycloak.token("acme-viewer"), Api.json(Map.of("rebootAfterMissed", 3))).status())
			.isEqualTo(403);
		assertThat(Api.put(path, Keycloak.token("globex-dev"), Api.json(Map.of("rebootAfterMissed", 3))).status())
			.isEqualTo(404);
		assertThat(Api.put("/api/v1/health/device-recovery/" + UUID.randomUUID(), dev,
				Api.json(Map.of("rebootAfterMissed", 3))).status()).isEqualTo(404);
		assertThat(Api.put(path, dev, Api.json(Map.of("rebootAfterMissed", 5))).status()).isEqualTo(200);
		assertThat(Api.get("/api/v1/health/device-recovery", Keycloak.token("globex-admin")).body()).doesNotContain(profile);
		assertThat(Api.delete(path, Keycloak.token("globex-dev")).status()).isEqualTo(404);
		assertThat(Api.delete(path, Keycloak.token("acme-viewer")).status()).isEqualTo(403);
		assertThat(Api.get("/api/v1/health/devices/" + UUID.randomUUID() + "/reporting", dev).status()).isEqualTo(404);
		assertThat(Api.get("/api/v1/health/devices/not-a-uuid/reporting", dev).status()).isEqualTo(400);
	}

	private static String profile(String token, int interval, int timeout) {
		Answer created = Api.post("/api/v1/device-profiles", token, Api.json(Map.of("name", "health-" + UUID.randomUUID(),
				"reportingIntervalSeconds", interval, "inactivityTimeoutSeconds", timeout)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode json = created.json();
		return (json.has("profile") ? json.get("profile") : json).get("id").asString();
	}

	private static DeviceApi.Registered register(String token, String profile) {
		Answer answer = Api.post("/api/v1/devices", token,
				Api.json(Map.of("name", "health-" + UUID.randomUUID().toString().substring(0, 8), "profileId", profile)));
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return new DeviceApi.Registered(answer.json().get("device").get("id").asString(), answer.json().get("token").asString());
	}

	private static long count(JsonNode commands, String name) {
		long n = 0;
		for (JsonNode c : commands) {
			if (c.get("name").asString().equals(name)) {
				n++;
			}
		}
		return n;
	}
}
