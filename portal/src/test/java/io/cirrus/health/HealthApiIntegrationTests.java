package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** Who sees which dashboard, over the API. */
@CirrusIntegrationTest
class HealthApiIntegrationTests {

	@Test
	void everyTenantMemberSeesTheTenantDashboard() {
		for (String user : new String[] { "acme-viewer", "acme-dev", "acme-admin" }) {
			Answer answer = Api.get("/api/v1/health/tenant", Keycloak.token(user));
			assertThat(answer.status()).as(user).isEqualTo(200);
			assertThat(answer.json().has("activeAlarms")).isTrue();
		}
		assertThat(Api.get("/api/v1/health/tenant", null).status()).isEqualTo(401);
	}

	@Test
	void onlyPlatformAdminsSeeThePlatformDashboard() {
		assertThat(Api.get("/api/v1/health/platform", Keycloak.token("acme-viewer")).status()).isEqualTo(403);
		assertThat(Api.get("/api/v1/health/platform", Keycloak.token("acme-admin")).status()).isEqualTo(403);
		JsonNode platform = Api.get("/api/v1/health/platform", Keycloak.token("platform-admin")).json();
		assertThat(platform.get("components").valueStream().map(c -> c.get("name").asString()))
			.contains("PostgreSQL", "RabbitMQ", "Kafka", "Keycloak", "Cirrus");
	}

	@Test
	void tenantsChartTenantMetricsAndPlatformAdminsPlatformMetrics() {
		String viewer = Keycloak.token("acme-viewer");
		assertThat(Api.get("/api/v1/health/series?metric=telemetry.rate&range=DAY", viewer).status()).isEqualTo(200);
		assertThat(Api.get("/api/v1/health/series?metric=queue.depth", viewer).status()).isEqualTo(403);
		assertThat(Api.get("/api/v1/health/series?metric=queue.depth&range=WEEK", Keycloak.token("platform-admin")).status())
			.isEqualTo(200);
		Answer unknown = Api.get("/api/v1/health/series?metric=happiness", viewer);
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("errors").findValuesAsString("field")).contains("metric");
		assertThat(Api.get("/api/v1/health/series?metric=telemetry.rate&range=DECADE", viewer).status()).isEqualTo(400);
	}

	@Test
	void platformSamplesBecomeChartsForPlatformAdmins() {
		String admin = Keycloak.token("platform-admin");
		org.awaitility.Awaitility.await("component latency sampled").atMost(java.time.Duration.ofSeconds(30)).until(
				() -> Api.get("/api/v1/health/series?metric=component.latency", admin).json().valueStream().count() >= 5);
		JsonNode series = Api.get("/api/v1/health/series?metric=component.latency", admin).json();
		assertThat(series.valueStream().map(s -> s.get("subject").asString())).contains("PostgreSQL", "Kafka");
		assertThat(series.get(0).get("points").size()).isPositive();
	}
}
