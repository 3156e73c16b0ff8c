package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.Browser.Box;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;

/**
 * Dashboards in headless Chromium: who sees which, and what a person sees on them. Finding an element is not enough
 * (every chart was once drawn 100 px wide while these tests passed): charts, key figures and severities are measured.
 */
@CirrusIntegrationTest
class HealthBrowserTests extends BrowserTest {

	private static final String[] TENANT_CHARTS = { "chart-telemetry", "chart-devices", "chart-alarms", "chart-notifications" };

	private static final String[] PLATFORM_CHARTS = { "chart-latency", "chart-queues", "chart-lag", "chart-load", "chart-heap",
			"chart-cpu" };

	@Test
	void tenantDashboardDrawsWideChartsKeyFiguresApartFromTheirLabelsAndColouredSeverities() throws Exception {
		String dev = Keycloak.token("acme-dev");
		String key = "geometry_" + UUID.randomUUID().toString().substring(0, 8);
		var device = DeviceApi.register(dev, key);
		List<String> rules = new ArrayList<>();
		try {
			// Two active alarms of different severities on one device of this test's own.
			rules.add(ruleOnceTheKeyIsKnown(dev, device.token(), key, "CRITICAL"));
			rules.add(ruleOnceTheKeyIsKnown(dev, device.token(), key, "WARNING"));
			Await.until("both alarms raised", Duration.ofSeconds(30), () -> {
				DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"" + key + "\":5}}");
				String active = Api.get("/api/v1/alarms?state=ACTIVE", dev).body();
				return rules.stream().allMatch(active::contains);
			});

			browser.signIn("acme-viewer");
			browser.viewport(1280, 900);
			browser.open("/health");
			browser.waitFor(By.cssSelector("#active-alarms .severity-WARNING"));
			browser.awaitRendered();
			// Every measurement is reported, not only the first one off.
			SoftAssertions softly = new SoftAssertions();
			assertChartsAreLarge(softly, "#tenant-health", TENANT_CHARTS);

			for (String kpi : new String[] { "kpi-messages", "kpi-online", "kpi-alarms-serious", "kpi-parked" }) {
				Box value = browser.box("#" + kpi + " .cirrus-kpi-value");
				Box label = browser.box("#" + kpi + " .cirrus-kpi-label");
				System.out.printf("%s: value %s, label %s%n", kpi, value, label);
				boolean separateLines = label.top() >= value.bottom() - 1;
				boolean apartOnOneLine = label.left() >= value.right() + 8 || value.left() >= label.right() + 8;
				softly.assertThat(separateLines || apartOnOneLine)
					.as("%s: its value (%s) and its label (%s) on separate lines or clearly apart", kpi, value, label)
					.isTrue();
			}

			String critical = browser.computedStyle("#active-alarms .severity-CRITICAL", "color");
			String warning = browser.computedStyle("#active-alarms .severity-WARNING", "color");
			String text = browser.computedStyle("#tenant-health", "color");
			System.out.printf("severity colours: critical %s, warning %s, text %s%n", critical, warning, text);
			softly.assertThat(critical).as("a critical alarm's colour").isNotEqualTo(warning).isNotEqualTo(text);
			softly.assertThat(warning).as("a warning's colour").isNotEqualTo(text);
			String bad = browser.computedStyle("#kpi-alarms-serious .cirrus-kpi-value", "color");
			softly.assertThat(bad).as("the figure of critical + major alarms, while one is active").isNotEqualTo(text);
			browser.capture("health-with-alarms");

			// A silent device's advice names when it was last seen in the tenant's zone, as every time in the portal,
			// not as a raw UTC timestamp.
			browser.waitUntil(d -> d.findElement(By.id("recommendations")).getText().contains("last seen "));
			String advice = browser.waitFor(By.id("recommendations")).getText();
			softly.assertThat(advice).as("recommendations").containsPattern("last seen \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S+\\)")
				.doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
			softly.assertAll();
		}
		finally {
			rules.forEach(rule -> Api.delete("/api/v1/alarm-rules/" + rule, dev));
		}
	}

	@Test
	void tenantDashboardShowsEachDeployedAppsStateInItsColourWithItsErrors() throws Exception {
		String dev = Keycloak.token("acme-dev");
		String tag = "health-" + UUID.randomUUID().toString().substring(0, 8);
		Answer registered = Api.post("/api/v1/devices", dev, Api.json(Map.of("name", "App health " + tag, "tags", List.of(tag))));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		String deviceToken = registered.json().get("token").asString();
		try (HttpReceiver ok = new HttpReceiver(0); HttpReceiver failing = new HttpReceiver(0)) {
			failing.answer(r -> 500);
			String running = deployedCounter(dev, "Running " + tag, tag, ok);
			String broken = deployedCounter(dev, "Broken " + tag, tag, failing);
			assertThat(DeviceApi.post("/api/v1/telemetry", deviceToken, "{\"values\":{\"n\":1}}").status()).isEqualTo(202);
			Await.until("the broken app failing", Duration.ofSeconds(30), () -> Api.get("/api/v1/health/tenant", dev).json()
				.get("apps").valueStream().anyMatch(a -> a.get("app").asString().equals(broken)
						&& a.get("state").asString().equals("FAILING")));

			browser.signIn("acme-viewer");
			browser.viewport(1280, 900);
			browser.open("/health");
			browser.waitFor(By.id("app-state-" + broken));
			browser.awaitRendered();
			SoftAssertions softly = new SoftAssertions();
			softly.assertThat(browser.waitFor(By.id("app-state-" + broken)).getText()).isEqualTo("failing");
			softly.assertThat(browser.waitFor(By.id("app-state-" + running)).getText()).isEqualTo("running");
			softly.assertThat(browser.waitFor(By.id("app-errors-" + broken)).getText()).isEqualTo("1");
			softly.assertThat(browser.waitFor(By.id("app-errors-" + running)).getText()).isEqualTo("0");
			softly.assertThat(browser.findAll(By.linkText("Broken " + tag))).as("the failing app's name, a link to it")
				.hasSize(1);
			String failingColour = browser.computedStyle("#app-state-" + broken, "color");
			String runningColour = browser.computedStyle("#app-state-" + running, "color");
			String text = browser.computedStyle("#tenant-health", "color");
			System.out.printf("app state colours: failing %s, running %s, text %s%n", failingColour, runningColour, text);
			softly.assertThat(failingColour).as("a failing app's colour").isNotEqualTo(runningColour).isNotEqualTo(text);
			Box grid = browser.box("#app-health");
			double content = browser.contentWidth("#tenant-health");
			softly.assertThat(grid.width()).as("the apps grid (%s) across the content width %.0f px", grid, content)
				.isGreaterThanOrEqualTo(0.9 * content);
			Box name = browser.box("#app-health a");
			Box state = browser.box("#app-state-" + broken);
			softly.assertThat(state.left()).as("a state (%s) right of an app's name (%s), not on it", state, name)
				.isGreaterThanOrEqualTo(name.left() + 8);
			browser.js("document.getElementById('app-health').scrollIntoView({block: 'center'})");
			browser.capture("health-with-apps");
			softly.assertAll();
			Api.post("/api/v1/apps/" + running + "/stop", dev, "{}");
			Api.post("/api/v1/apps/" + broken + "/stop", dev, "{}");
		}
	}

	/** An app that calls the receiver for every reading of the tag's devices, deployed through the API; its id. */
	private static String deployedCounter(String token, String name, String tag, HttpReceiver receiver) {
		String yaml = """
				name: %s
				permissions:
				  devices: {tags: [%s]}
				  actions: [webhook]
				  webhookHosts: ["127.0.0.1:%d"]
				triggers:
				  - {id: readings, kind: telemetry, keys: [n]}
				rules:
				  - id: each
				    actions:
				      - {kind: webhook, url: "%s", body: '{"n": {{ event.values.n }}}'}
				""".formatted(name, tag, receiver.port(), receiver.url("/n"));
		Answer created = Api.postBytes("/api/v1/apps", token, "application/yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String app = created.json().get("app").asString();
		Answer deployed = Api.post("/api/v1/apps/" + app + "/deployments", token, "{\"version\": 1}");
		assertThat(deployed.status()).as(deployed.body()).isIn(200, 201);
		return app;
	}

	@Test
	void aNewAlarmShowsOnTheAlarmsPageWithinTwoSecondsNamedAfterItsDevice() {
		String dev = Keycloak.token("acme-dev");
		String key = "live_" + UUID.randomUUID().toString().substring(0, 8);
		var device = DeviceApi.register(dev, key + "-sensor");
		String rule = ruleOnceTheKeyIsKnown(dev, device.token(), key, "MAJOR");
		try {
			browser.signIn("acme-dev");
			browser.open("/alarms");
			browser.waitFor(By.id("alarm-history"));
			browser.settle();

			DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"" + key + "\":5}}");
			Await.until("the alarm raised", Duration.ofSeconds(20),
					() -> Api.get("/api/v1/alarms?state=ACTIVE", dev).body().contains(rule));
			long raised = System.nanoTime();
			browser.waitUntil(d -> d.findElement(By.id("alarm-history")).getText().contains(key + " MAJOR"));
			long shownAfterMillis = (System.nanoTime() - raised) / 1_000_000;
			System.out.printf("new alarm shown %d ms after the API reported it%n", shownAfterMillis);
			assertThat(shownAfterMillis).as("ms from raised to shown, without a reload").isLessThanOrEqualTo(2000);

			// The entity is the device, by name, linking to its page.
			var entity = browser.waitUntil(d -> d.findElements(By.cssSelector("#alarm-history a.alarm-entity"))
				.stream()
				.filter(a -> a.getText().equals(key + "-sensor"))
				.findFirst()
				.orElse(null));
			assertThat(entity.getDomAttribute("href")).endsWith("devices/" + device.id());
		}
		finally {
			Api.delete("/api/v1/alarm-rules/" + rule, dev);
		}
	}

	@Test
	void platformDashboardDrawsWideCharts() {
		browser.signIn("platform-admin");
		browser.viewport(1280, 900);
		browser.open("/platform");
		browser.waitFor(By.id("platform-status"));
		browser.awaitRendered();
		SoftAssertions softly = new SoftAssertions();
		assertChartsAreLarge(softly, "#platform-status", PLATFORM_CHARTS);
		browser.capture("platform-status-charts");
		softly.assertAll();
	}

	/** Each chart at least 40 % of the view's content width and 150 px high. */
	private void assertChartsAreLarge(SoftAssertions softly, String view, String... charts) {
		double content = browser.contentWidth(view);
		for (String chart : charts) {
			Box box = browser.box("#" + chart);
			System.out.printf("%s: %s of %.0f px content width (%.0f %%)%n", chart, box, content, 100 * box.width() / content);
			softly.assertThat(box.width()).as("%s's width (%s) against the content width %.0f px", chart, box, content)
				.isGreaterThanOrEqualTo(0.4 * content);
			softly.assertThat(box.height()).as("%s's height (%s)", chart, box).isGreaterThanOrEqualTo(150);
			softly.assertThat(browser.box("#" + chart + " canvas").width()).as("%s's drawing", chart)
				.isGreaterThanOrEqualTo(0.9 * box.width() - 2 * 16);
		}
	}

	/** An alarm rule "key > 0 at once" on the device; rules accept only keys the tenant reports, so report it first. */
	private static String ruleOnceTheKeyIsKnown(String token, String deviceToken, String key, String severity) {
		return Await.value("a " + severity + " rule on " + key, Duration.ofSeconds(30), () -> {
			DeviceApi.post("/api/v1/telemetry", deviceToken, "{\"values\":{\"" + key + "\":0}}");
			Answer created = Api.post("/api/v1/alarm-rules", token, Api.json(Map.of("name", key + " " + severity, "source",
					"TELEMETRY", "metric", key, "operator", ">", "threshold", 0, "durationSeconds", 0, "severity", severity,
					"selector", "all")));
			return created.status() == 201 ? created.json().get("id").asString() : null;
		}, id -> id != null);
	}

	@Test
	void viewerSeesTheTenantDashboardWithChartsButNotThePlatformDashboard() {
		browser.signIn("acme-viewer");
		browser.open("/health");
		browser.waitFor(By.id("tenant-health"));
		browser.waitFor(By.id("kpi-messages"));
		for (String chart : new String[] { "chart-telemetry", "chart-devices", "chart-alarms", "chart-notifications" }) {
			browser.waitUntil(d -> d.findElement(By.id(chart)).getDomAttribute("data-points") != null);
			assertThat(browser.driver().findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).isNotEmpty();
		}
		browser.screenshot("tenant-health-dashboard");
		browser.waitFor(By.id("range-day")).click();
		browser.waitUntil(d -> d.getCurrentUrl().contains("range=DAY"));
		assertThat(browser.findAll(By.id("new-rule"))).isEmpty();

		browser.open("/platform");
		assertThat(browser.waitFor(By.id("access-denied")).getText()).contains("Access denied");
	}

	@Test
	void platformAdminSeesThePlatformDashboardWithCharts() {
		browser.signIn("platform-admin");
		browser.open("/platform");
		browser.waitFor(By.id("platform-status"));
		for (String chart : new String[] { "chart-latency", "chart-queues", "chart-lag", "chart-heap" }) {
			browser.waitUntil(d -> d.findElement(By.id(chart)).getDomAttribute("data-points") != null);
		}
		browser.waitFor(By.id("recovery-log"));
		browser.waitFor(By.id("consumer-lag"));
		browser.screenshot("platform-dashboard");
	}

	@Test
	void developerTurnsOnDeviceRecoveryAndSeesHowADeviceReports() throws Exception {
		String dev = Keycloak.token("acme-dev");
		String name = "browser-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		Answer created = Api.post("/api/v1/device-profiles", dev, Api.json(java.util.Map.of("name", name,
				"reportingIntervalSeconds", 1, "inactivityTimeoutSeconds", 30)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Answer registered = Api.post("/api/v1/devices", dev, Api.json(java.util.Map.of("name", name,
				"profileId", created.json().at("/profile/id").asString())));
		String device = registered.json().at("/device/id").asString();
		String token = registered.json().get("token").asString();
		for (int i = 0; i < 4; i++) {
			DeviceApi.post("/api/v1/telemetry", token, "{\"values\":{\"t\":" + i + "}}");
			Thread.sleep(300);
		}

		browser.signIn("acme-dev");
		browser.open("/alarms");
		browser.waitFor(By.id("device-recovery-policies"));
		var field = browser.waitFor(By.cssSelector("#reboot-after-" + name + " input"));
		field.sendKeys("5");
		browser.waitFor(By.id("save-recovery-" + name)).click();
		browser.waitUntil(d -> Api.get("/api/v1/health/device-recovery", dev).body().contains("\"rebootAfterMissed\":5"));
		browser.screenshot("device-recovery-policies");

		browser.open("/devices/" + device);
		browser.waitFor(By.id("device-reporting"));
		browser.waitUntil(d -> !d.findElement(By.cssSelector("#reporting-p50 .cirrus-kpi-value")).getText().equals("—"));
		assertThat(browser.waitFor(By.id("reporting-note")).getText()).contains("expects one message every 1 s");
	}
}
