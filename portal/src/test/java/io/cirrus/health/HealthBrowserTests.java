package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;

/** Dashboards in headless Chromium: who sees which, and that the charts draw. */
@CirrusIntegrationTest
class HealthBrowserTests extends BrowserTest {

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
