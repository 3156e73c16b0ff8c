package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;

import io.cirrus.test.Browser;
import io.cirrus.test.CirrusIntegrationTest;

/** Dashboards in headless Chromium: who sees which, and that the charts draw. */
@CirrusIntegrationTest
class HealthBrowserTests {

	Browser browser;

	String testName;

	@BeforeEach
	void openBrowser(TestInfo info) {
		browser = new Browser();
		testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
	}

	@AfterEach
	void closeBrowser() {
		browser.screenshot(testName);
		browser.close();
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
}
