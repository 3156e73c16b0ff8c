package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;

/**
 * The device page tells the device's story (values with units and times, a chart of the keys picked, its readings
 * page by page and as CSV, its alarms linking to the alarm list), and the alarm list narrows by severity and device
 * and acknowledges a selection at once.
 */
@CirrusIntegrationTest
class DeviceStoryBrowserTests extends BrowserTest {

	@Test
	void theDevicePageShowsValuesWithUnitsReadingsAsCsvAndTheDevicesAlarms() {
		String dev = Keycloak.token("acme-dev");
		String key = "story_" + UUID.randomUUID().toString().substring(0, 8);
		Answer registered = Api.post("/api/v1/devices", dev, Api.json(Map.of("name", key + "-meter", "metadata",
				Map.of("units", Map.of("temperature", "°C")))));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		String id = registered.json().get("device").get("id").asString();
		String token = registered.json().get("token").asString();
		String rule = rule(dev, token, key, "MAJOR");
		try {
			for (double t : new double[] { 20.5, 21, 21.5 }) {
				DeviceApi.post("/api/v1/telemetry", token, "{\"values\":{\"temperature\":" + t + ",\"" + key + "\":1}}");
			}
			Await.until("the device's alarm", Duration.ofSeconds(20),
					() -> Api.get("/api/v1/alarms?device=" + id, dev).json().size() == 1);
			Await.until("the last reading stored", Duration.ofSeconds(20),
					() -> Api.get("/api/v1/devices/" + id + "/telemetry/latest", dev).body().contains("21.5"));

			browser.signIn("acme-dev");
			browser.viewport(1280, 900);
			browser.open("/devices/" + id);
			assertThat(browser.waitFor(By.id("telemetry-latest-temperature")).getText()).isEqualTo("21.5 °C");
			browser.waitFor(By.id("telemetry-keys"));
			browser.waitUntil(d -> d.findElement(By.id("telemetry-table")).getText().contains("21.5"));
			assertThat(browser.waitFor(By.id("telemetry-table")).getText()).contains("temperature (°C)");
			browser.waitUntil(d -> d.findElement(By.id("device-alarms")).getText().contains("MAJOR"));
			assertThat(browser.waitFor(By.id("device-events")).getText()).contains("Registered").contains("acme-dev");

			// The CSV of the range, fetched as the browser would download it (with the session).
			String csv = (String) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					fetch(document.getElementById('telemetry-csv').href).then(r => r.text()).then(done, e => done('failed: ' + e));""");
			List<String> lines = csv.lines().toList();
			assertThat(lines.getFirst()).as(csv).isEqualTo("time," + key + ",temperature (°C)");
			assertThat(lines).as(csv).hasSizeGreaterThanOrEqualTo(4);
			assertThat(lines.getLast()).as(csv).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z,1(\\.0)?,21\\.5");
			browser.capture("18-device-story");
		}
		finally {
			Api.delete("/api/v1/alarm-rules/" + rule, dev);
		}
	}

	@Test
	void theAlarmListNarrowsBySeverityAndDeviceAndAcknowledgesASelection() {
		String dev = Keycloak.token("acme-dev");
		String key = "pick_" + UUID.randomUUID().toString().substring(0, 8);
		var device = DeviceApi.register(dev, key + "-sensor");
		List<String> rules = new ArrayList<>();
		try {
			rules.add(rule(dev, device.token(), key + "_a", "MINOR"));
			rules.add(rule(dev, device.token(), key + "_b", "MINOR"));
			DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"" + key + "_a\":3,\"" + key + "_b\":3}}");
			Await.until("both alarms", Duration.ofSeconds(20),
					() -> Api.get("/api/v1/alarms?device=" + device.id(), dev).json().size() == 2);

			browser.signIn("acme-dev");
			browser.viewport(1280, 900);
			browser.open("/alarms");
			browser.waitFor(By.id("alarm-filters"));
			var picker = browser.waitFor(By.cssSelector("#alarm-filter-device input"));
			picker.sendKeys(key + "-sensor");
			browser.waitFor(By.xpath("//vaadin-combo-box-item[contains(., '" + key + "-sensor')]")).click();
			browser.settle();
			browser.waitUntil(d -> d.findElements(By.cssSelector("#alarm-history a.alarm-entity")).size() == 2);
			assertThat(browser.horizontalOverflow()).isZero();

			// Select the rows the filter left (each row's box; the header's box selects all), acknowledge with one note.
			for (var box : browser.findAll(By.cssSelector("#alarm-history vaadin-checkbox"))) {
				String label = String.valueOf(box.getDomAttribute("aria-label"));
				if (!label.equalsIgnoreCase("Select All") && !"selectAllCheckbox".equals(box.getDomAttribute("id")) && box.isDisplayed()) {
					box.click();
				}
			}
			browser.settle();
			assertThat(browser.waitFor(By.id("acknowledge-selected")).getText()).isEqualTo("Acknowledge 2 selected");
			browser.waitFor(By.id("acknowledge-selected")).click();
			browser.waitFor(By.cssSelector("#acknowledge-note textarea")).sendKeys("replacing the sensor");
			browser.waitFor(By.id("acknowledge-confirm")).click();
			Await.until("both acknowledged", Duration.ofSeconds(10),
					() -> Api.get("/api/v1/alarms?state=UNACKNOWLEDGED&device=" + device.id(), dev).json().isEmpty());
			browser.waitUntil(d -> d.findElement(By.id("alarm-history")).getText().contains("acme-dev: replacing the sensor"));
			browser.capture("19-alarms-filtered");
		}
		finally {
			rules.forEach(rule -> Api.delete("/api/v1/alarm-rules/" + rule, dev));
		}
	}

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
