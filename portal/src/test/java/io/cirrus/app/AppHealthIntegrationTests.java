package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * Apps in the tenant's health dashboard ({@code /api/v1/health/tenant}): each deployed app running, failing or
 * paused, with its errors and the runtime's lag, and only the caller's tenant's apps.
 */
@CirrusIntegrationTest
class AppHealthIntegrationTests extends RuntimeTest {

	@Test
	void theTenantDashboardShowsEachAppRunningFailingOrPausedAndNeverAnotherTenantsApps() {
		String dev = Keycloak.token("acme-dev");
		String viewer = Keycloak.token("acme-viewer");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Health " + tag, tag);
		try (HttpReceiver good = new HttpReceiver(0); HttpReceiver failing = new HttpReceiver(0)) {
			failing.answer(r -> 500);
			String healthy = AppFixture.create(dev, AppRuntimeIsolationIntegrationTests.counter(AppFixture.name("Healthy"),
					tag, good, 1)).json().get("app").asString();
			String broken = AppFixture.create(dev, AppRuntimeIsolationIntegrationTests.counter(AppFixture.name("Broken"),
					tag, failing, 1)).json().get("app").asString();
			RuntimeFixture.deploy(acme, deployments, healthy, 1);
			RuntimeFixture.deploy(acme, deployments, broken, 1);
			JsonNode justDeployed = app(viewer, healthy);
			assertThat(justDeployed.get("state").asString()).isEqualTo("RUNNING");
			assertThat(justDeployed.get("errors5m").asLong()).isZero();
			assertThat(justDeployed.get("errorRate").isNull()).as("no action yet: no rate").isTrue();

			reading(device, 1);
			reading(device, 2);
			Await.until("both readings at the healthy app's receiver", Duration.ofSeconds(30),
					() -> good.received().size() == 2);
			JsonNode failingApp = Await.value("the broken app failing", Duration.ofSeconds(30), () -> app(viewer, broken),
					a -> a != null && a.get("state").asString().equals("FAILING") && a.get("errors5m").asLong() == 2
							&& !a.get("errorRate").isNull());
			assertThat(failingApp.get("errorRate").asDouble()).isEqualTo(1.0);
			assertThat(failingApp.get("version").asInt()).isEqualTo(1);
			assertThat(failingApp.get("name").asString()).startsWith("Broken");
			JsonNode healthyApp = Await.value("the healthy app's actions counted", Duration.ofSeconds(30),
					() -> app(viewer, healthy), a -> !a.get("errorRate").isNull());
			assertThat(healthyApp.get("state").asString()).isEqualTo("RUNNING");
			assertThat(healthyApp.get("errors5m").asLong()).isZero();
			assertThat(healthyApp.get("errorRate").asDouble()).isZero();
			assertThat(healthyApp.get("consumerLag").isNull() || healthyApp.get("consumerLag").asLong() >= 0).isTrue();

			// Another tenant's dashboard never lists them, whatever its role.
			for (String user : new String[] { "globex-admin", "globex-viewer" }) {
				JsonNode globex = Api.get("/api/v1/health/tenant", Keycloak.token(user)).json();
				assertThat(globex.get("apps").valueStream().map(a -> a.get("app").asString())).as(user)
					.doesNotContain(healthy, broken);
			}

			// Three more failures spend the error budget (5 in the tests): the platform pauses it for 3 s.
			for (int n = 3; n <= 5; n++) {
				reading(device, n);
			}
			Await.value("the broken app paused", Duration.ofSeconds(30), () -> app(viewer, broken),
					a -> a.get("state").asString().equals("PAUSED"));
			assertThat(app(viewer, healthy).get("state").asString()).isEqualTo("RUNNING");
		}
	}

	private static JsonNode app(String token, String app) {
		Api.Answer answer = Api.get("/api/v1/health/tenant", token);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json().get("apps").valueStream().filter(a -> a.get("app").asString().equals(app)).findFirst()
			.orElse(null);
	}

	private static void reading(DeviceApi.Registered device, int n) {
		assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of("n", n))))
			.status()).isEqualTo(202);
	}
}
