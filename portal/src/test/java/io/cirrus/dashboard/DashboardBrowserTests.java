package io.cirrus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Await;
import io.cirrus.test.Axe;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;

/**
 * A tenant admin builds a dashboard in the portal (a chart and a gauge of a device sending readings), shares it with
 * viewers; a viewer opens it, sees the values move without reloading, and finds no way to edit it.
 */
@CirrusIntegrationTest
class DashboardBrowserTests extends BrowserTest {

	@Test
	void anAdminBuildsADashboardAndAViewerWatchesItLive() {
		String admin = Keycloak.token("acme-admin");
		String deviceName = "Cold room " + UUID.randomUUID().toString().substring(0, 6);
		DeviceApi.Registered device = DeviceApi.register(admin, deviceName);
		DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"temperature\":21.5}}");
		Await.until("the first reading stored", Duration.ofSeconds(30),
				() -> io.cirrus.test.Api.get("/api/v1/devices/" + device.id() + "/telemetry/latest", admin).body().contains("21.5"));

		browser.signIn("acme-admin");
		browser.viewport(1280, 900);
		browser.open("/dashboards");
		browser.waitFor(By.id("new-dashboard")).click();
		String dashboardName = "Cold rooms " + UUID.randomUUID().toString().substring(0, 6);
		browser.waitFor(By.cssSelector("#new-dashboard-name input")).sendKeys(dashboardName);
		browser.waitFor(By.id("create-dashboard")).click();
		browser.waitFor(By.id("add-widget"));
		String id = browser.currentUrl().replaceAll(".*/dashboards/([0-9a-f-]{36}).*", "$1");

		// A chart of the device's temperature.
		browser.waitFor(By.id("add-widget")).click();
		pick("widget-devices", deviceName);
		pick("widget-keys", "temperature");
		browser.waitFor(By.cssSelector("#widget-unit input")).sendKeys("°C");
		browser.waitFor(By.id("widget-ok")).click();
		browser.waitUntil(d -> d.findElements(By.id("widget-dialog")).isEmpty());

		// A gauge of the same key, amber from 30, red from 40, on a dial to 50.
		browser.waitFor(By.id("add-widget")).click();
		browser.waitFor(By.id("widget-kind")).click();
		browser.waitFor(By.xpath("//vaadin-select-item[normalize-space(.)='Gauge']")).click();
		pick("widget-devices", deviceName);
		pick("widget-keys", "temperature");
		browser.waitFor(By.cssSelector("#widget-max input")).sendKeys("50");
		browser.waitFor(By.cssSelector("#widget-warn input")).sendKeys("30");
		browser.waitFor(By.cssSelector("#widget-bad input")).sendKeys("40");
		browser.waitFor(By.cssSelector("#widget-unit input")).sendKeys("°C");
		browser.waitFor(By.id("widget-ok")).click();
		browser.waitUntil(d -> d.findElements(By.id("widget-dialog")).isEmpty());

		browser.waitFor(By.id("share-viewers")).click();
		browser.waitFor(By.id("dashboard-save")).click();
		browser.waitFor(By.id("dashboard-edit"));
		browser.settle();

		// What the admin sees: the chart half the row and tall enough to read, the gauge drawn with the reading.
		List<WebElement> widgets = browser.findAll(By.cssSelector(".cirrus-widget"));
		assertThat(widgets).hasSize(2);
		String chart = "#dashboard-widgets .cirrus-widget[data-kind=chart]";
		String gauge = "#dashboard-widgets .cirrus-widget[data-kind=gauge] .cirrus-gauge";
		browser.waitUntil(d -> "21.5".equals(browser.js("return document.querySelector(arguments[0]).getAttribute('data-value')", gauge)));
		browser.capture("16-dashboard");
		double content = browser.contentWidth("#dashboard-widgets");
		Browser.Box chartBox = browser.box(chart + " .cirrus-chart");
		assertThat(chartBox.width()).as("chart width of %s px", content).isGreaterThanOrEqualTo(0.4 * content);
		assertThat(chartBox.height()).isGreaterThanOrEqualTo(150);
		assertThat(browser.box(gauge).height()).isGreaterThanOrEqualTo(150);
		assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
		assertThat(browser.horizontalOverflow()).isZero();

		// The viewer opens it and watches the readings arrive; there is nothing to edit, not even through ?edit.
		try (Browser viewer = new Browser()) {
			viewer.signIn("acme-viewer");
			viewer.viewport(1280, 900);
			viewer.open("/dashboards/" + id + "?edit");
			viewer.waitFor(By.cssSelector(".cirrus-widget[data-kind=gauge]"));
			assertThat(viewer.waitFor(By.id("dashboard-name")).getText()).isEqualTo(dashboardName);
			assertThat(viewer.findAll(By.id("dashboard-edit"))).isEmpty();
			assertThat(viewer.findAll(By.id("add-widget"))).isEmpty();
			viewer.waitUntil(d -> "21.5".equals(viewer.js("return document.querySelector(arguments[0]).getAttribute('data-value')", gauge)));
			// Filled after the first paint: once the data is there no widget still says it is loading.
			viewer.waitUntil(d -> d.findElements(By.cssSelector(".cirrus-widget[aria-busy]")).isEmpty());
			assertThat(viewer.findAll(By.cssSelector(".cirrus-widget-loading")).stream().filter(WebElement::isDisplayed)).isEmpty();
			Object pointsBefore = viewer.js("return document.querySelector(arguments[0]).getAttribute('data-points')", chart + " .cirrus-chart");

			DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"temperature\":33}}");
			viewer.waitUntil(d -> "33".equals(viewer.js("return document.querySelector(arguments[0]).getAttribute('data-value')", gauge)));
			// The dial is a canvas: what assistive technology reads is its label.
			assertThat(viewer.js("return document.querySelector(arguments[0]).getAttribute('aria-label')", gauge))
				.isEqualTo("Gauge: 33 °C");
			assertThat(pointsBefore).isNotNull();
			viewer.screenshot("dashboard-viewer");
		}

		// A viewer's list shows it; a viewer has no New dashboard.
		try (Browser viewer = new Browser()) {
			viewer.signIn("acme-viewer");
			viewer.open("/dashboards");
			assertThat(viewer.waitFor(By.id("dashboard-grid")).getText()).contains(dashboardName);
			assertThat(viewer.findAll(By.id("new-dashboard"))).isEmpty();
		}
	}

	/** Types into a multi-select combo box, picks the item that appears, and closes its list. */
	private void pick(String id, String text) {
		WebElement input = browser.waitFor(By.cssSelector("#" + id + " input"));
		input.click();
		input.sendKeys(text);
		browser.waitFor(By.xpath("//vaadin-multi-select-combo-box-item[contains(., '" + text + "')]")).click();
		browser.js("document.getElementById(arguments[0]).opened = false", id);
		browser.settle();
	}
}
