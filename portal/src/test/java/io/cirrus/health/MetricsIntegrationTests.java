package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metrics for the ecosystem: Prometheus scrapes with its own service account and nothing else reads the metrics;
 * the provisioned Grafana dashboards ask only for metrics Cirrus exports.
 */
@CirrusIntegrationTest
class MetricsIntegrationTests {

	private static final Path DOCKER = Path.of("..", "docker");

	private static final Pattern METRIC = Pattern.compile("\\b((?:cirrus|jvm|process|http_server)_[a-z_]+)\\b");

	@Test
	void onlyTheScraperAndPlatformAdminsReadMetrics() throws Exception {
		assertThat(Api.get("/actuator/prometheus", null).status()).isEqualTo(401);
		assertThat(Api.get("/actuator/prometheus", Keycloak.token("acme-admin")).status()).isEqualTo(403);
		assertThat(Api.get("/actuator/prometheus", scraperToken()).status()).isEqualTo(200);
		// The scraper's token opens metrics and nothing else.
		assertThat(Api.get("/api/v1/health/platform", scraperToken()).status()).isEqualTo(403);
		assertThat(Api.get("/actuator/env", scraperToken()).status()).isEqualTo(403);
	}

	@Test
	void businessMetricsAreLabelledByTenantNeverByDevice() throws Exception {
		String token = scraperToken();
		String scrape = Awaitility.await("sampled metrics").atMost(Duration.ofSeconds(30))
			.until(() -> Api.get("/actuator/prometheus", token).body(),
					body -> body.contains("cirrus_alarms_active{") && body.contains("cirrus_component_up{"));
		assertThat(scrape).contains("tenant=\"acme\"").doesNotContain("device=");
	}

	@Test
	void grafanaDashboardsAskOnlyForExportedMetrics() throws Exception {
		String token = scraperToken();
		String scrape = Awaitility.await("sampled metrics").atMost(Duration.ofSeconds(30))
			.until(() -> Api.get("/actuator/prometheus", token).body(), body -> body.contains("cirrus_consumer_lag{")
					&& body.contains("cirrus_queue_depth{") && body.contains("cirrus_component_latency_milliseconds{"));
		JsonMapper json = JsonMapper.builder().build();
		int panels = 0;
		for (String name : new String[] { "cirrus-platform.json", "cirrus-tenant.json" }) {
			JsonNode dashboard = json.readTree(Files.readString(DOCKER.resolve("grafana/dashboards/" + name)));
			assertThat(dashboard.get("uid").asString()).isNotBlank();
			for (JsonNode panel : dashboard.get("panels")) {
				panels++;
				assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("cirrus-prometheus");
				for (JsonNode target : panel.get("targets")) {
					Set<String> metrics = metrics(target.get("expr").asString());
					assertThat(metrics).as(name + " / " + panel.get("title").asString()).isNotEmpty();
					for (String metric : metrics) {
						assertThat(Pattern.compile("(?m)^" + metric + "[{ ]").matcher(scrape).find())
							.as(name + " / " + panel.get("title").asString() + " needs " + metric + ", which Cirrus does not export")
							.isTrue();
					}
				}
			}
		}
		assertThat(panels).isGreaterThanOrEqualTo(10);
		assertThat(Files.readString(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml")))
			.contains("uid: cirrus-prometheus");
	}

	/**
	 * A token of the client Prometheus is configured with, by the demo realm's secret (the operator writes the
	 * secret file of a deployment; the repository holds none).
	 */
	private static String scraperToken() throws Exception {
		String config = Files.readString(DOCKER.resolve("prometheus/prometheus.yml"));
		assertThat(config).contains("client_id: cirrus-prometheus", "metrics_path: /actuator/prometheus");
		JsonNode realm = JsonMapper.builder().build().readTree(Files.readString(Path.of("..", "identity", "realm", "cirrus-realm.json")));
		String secret = null;
		for (JsonNode client : realm.get("clients")) {
			if (client.path("clientId").asString().equals("cirrus-prometheus")) {
				secret = client.get("secret").asString();
			}
		}
		assertThat(secret).as("the realm's cirrus-prometheus client").isNotNull();
		return Keycloak.clientToken("cirrus-prometheus", secret);
	}

	private static Set<String> metrics(String expr) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = METRIC.matcher(expr);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}
}
