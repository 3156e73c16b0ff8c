package io.cirrus.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceSightings;
import io.cirrus.device.Sighting;
import io.cirrus.health.HealthProperties;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Api;
import io.cirrus.test.Browser;
import io.cirrus.test.Keycloak;

/**
 * {@code ./cirrus bench dashboard}: the tenant health dashboard's first paint for a tenant with 10,000 devices (in
 * headless Chromium, navigation to KPIs and four charts drawn) beside the portal's bare home page measured the same
 * way in the same run, and the dashboard API beside {@code /api/v1/me}.
 */
@Benchmark
class DashboardBenchmark {

	static final int DEVICES = 10_000;

	static final int RUNS = 7;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceSightings sightings;

	@Autowired
	HealthProperties health;

	@Test
	void dashboardFigures() throws Exception {
		BenchmarkReport report = new BenchmarkReport("dashboard: tenant health with " + DEVICES + " devices (2 cores, headless Chromium)");
		String dev = Keycloak.token("acme-dev");
		TenantId acme = TenantId.of(Api.get("/api/v1/me", dev).json().at("/tenant/id").asString());
		String profile = Api.get("/api/v1/device-profiles", dev).json().get(0).get("id").asString();
		List<DeviceId> ids = new ArrayList<>();
		TenantContext.runAs(acme, () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
				insert into device (id, tenant_id, name, profile_id, tags, token_hash)
				select gen_random_uuid(), ?, 'dash-' || lpad(g::text, 5, '0'), ?, array['floor-' || (g % 10)],
				  sha256(convert_to(gen_random_uuid()::text, 'UTF8'))
				from generate_series(1, ?) g returning id""")
			.params(acme.value(), UUID.fromString(profile), DEVICES)
			.query((rs, n) -> new DeviceId(rs.getObject(1, UUID.class)))
			.list()
			.forEach(ids::add)));
		List<Sighting> seen = ids.subList(0, DEVICES * 7 / 10).stream().map(d -> new Sighting(acme, d, Instant.now())).toList();
		sightings.seen(seen);
		Thread.sleep(health.sampleInterval().multipliedBy(2).plusSeconds(1)); // a couple of health samples with the fleet in them

		long[] api = time(() -> Api.get("/api/v1/health/tenant", dev));
		long[] me = time(() -> Api.get("/api/v1/me", dev));
		try (Browser browser = new Browser()) {
			browser.signIn("acme-viewer");
			long[] home = paint(browser, "/", () -> browser.waitFor(By.id("home-username")));
			long[] dashboard = paint(browser, "/health", () -> {
				browser.waitUntil(d -> !d.findElement(By.cssSelector("#kpi-online .cirrus-kpi-value")).getText().equals("—"));
				for (String chart : new String[] { "chart-telemetry", "chart-devices", "chart-alarms", "chart-notifications" }) {
					browser.waitUntil(d -> d.findElement(By.id(chart)).getDomAttribute("data-points") != null
							&& !d.findElements(By.cssSelector("#" + chart + " canvas")).isEmpty());
				}
			});
			report.versus("tenant health dashboard, navigation to KPIs and 4 charts drawn (median of " + RUNS + ")",
					median(dashboard), "bare home page, same measurement", median(home), "ms", "<= 1000 ms");
			report.note("dashboard runs: " + Arrays.toString(dashboard) + " ms; home runs: " + Arrays.toString(home) + " ms");
		}
		report.versus("GET /api/v1/health/tenant (median of " + RUNS + ")", median(api), "GET /api/v1/me", median(me), "ms",
				"aggregates on the server");
		report.note(DEVICES + " devices in the tenant, " + seen.size() + " of them online");
		report.publish(DashboardBenchmark.class);
	}

	private static long[] paint(Browser browser, String path, Runnable painted) {
		long[] runs = new long[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			browser.open(path); // a full page load each run
			painted.run();
			runs[i] = (System.nanoTime() - start) / 1_000_000;
		}
		return runs;
	}

	private static long[] time(Runnable call) {
		long[] runs = new long[RUNS];
		call.run();
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			call.run();
			runs[i] = (System.nanoTime() - start) / 1_000_000;
		}
		return runs;
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}
}
