package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.MqttDevice;

/**
 * The whole device journey in the browser: register a device, copy its token, send telemetry with it, see the
 * latest values and the chart, send a command and see a simulated device (a real MQTT client) acknowledge it.
 */
@CirrusIntegrationTest
class DeviceJourneyBrowserTests extends BrowserTest {

	private static final Pattern COMMAND_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");


	@Test
	void registerSendTelemetrySeeItAndCommandASimulatedDevice() throws Exception {
		String name = "journey-" + UUID.randomUUID().toString().substring(0, 8);
		browser.signIn("acme-dev");
		browser.open("/devices");
		browser.waitFor(By.id("register-device")).click();
		browser.waitFor(By.cssSelector("#register-name input")).sendKeys(name);
		browser.settle();
		browser.waitFor(By.id("register-save")).click();
		String token = browser.waitUntil(d -> {
			String value = d.findElement(By.cssSelector("#device-token input")).getDomProperty("value");
			return value != null && value.startsWith("cdt_") ? value : null;
		});
		browser.waitFor(By.id("copy-token")).click();
		browser.waitFor(By.id("token-done")).click();
		String id = DeviceApi.get("/api/v1/device/me", token).json().get("device").asString();

		// The device reports with the token it was given.
		for (int i = 0; i < 3; i++) {
			assertThat(DeviceApi.post("/api/v1/telemetry", token,
					"{\"values\":{\"temperature\":" + (20 + i) + ".5,\"humidity\":40}}").status()).isEqualTo(202);
		}

		browser.open("/devices/" + id);
		assertThat(browser.waitFor(By.id("device-name")).getText()).isEqualTo(name);
		browser.waitUntil(d -> d.findElements(By.id("telemetry-latest-temperature"))
			.stream()
			.anyMatch(e -> e.getText().equals("22.5")));
		browser.waitUntil(d -> {
			String points = d.findElement(By.id("telemetry-chart")).getDomAttribute("data-points");
			return points != null && Integer.parseInt(points) > 0;
		});
		assertThat(browser.driver().findElements(By.cssSelector("#telemetry-chart canvas"))).isNotEmpty();

		// The page is live: a reading sent while it is open shows up without a reload.
		assertThat(DeviceApi.post("/api/v1/telemetry", token, "{\"values\":{\"temperature\":31.5}}").status())
			.isEqualTo(202);
		browser.waitUntil(d -> d.findElements(By.id("telemetry-latest-temperature"))
			.stream()
			.anyMatch(e -> e.getText().equals("31.5")));

		// A simulated device on MQTT answers its commands.
		AtomicBoolean running = new AtomicBoolean(true);
		java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (MqttDevice device = MqttDevice.connect(id, token)) {
			device.subscribe("devices/" + id + "/commands");
			Thread simulated = Thread.ofVirtual().start(() -> {
				try {
					while (running.get()) {
						String command = device.next(1);
						if (command == null) {
							continue;
						}
						seen.add(command);
						Matcher matcher = COMMAND_ID.matcher(command);
						if (matcher.find()) {
							device.publish("devices/" + id + "/commands/" + matcher.group(1) + "/result",
									"{\"status\":\"SUCCEEDED\",\"result\":{\"rebooted\":true}}");
						}
					}
				}
				catch (Exception e) {
					failed.set(e);
				}
			});

			WebElement commandName = browser.waitFor(By.cssSelector("#command-name input"));
			commandName.clear();
			commandName.sendKeys("reboot");
			browser.settle();
			browser.waitFor(By.id("command-send")).click();
			String user = io.cirrus.test.Keycloak.token("acme-dev");
			org.awaitility.Awaitility.await("the simulated device's answer recorded").atMost(java.time.Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(io.cirrus.test.Api.get("/api/v1/devices/" + id + "/commands", user).body())
					.as("device saw %s, failed with %s", seen, failed.get())
					.contains("\"state\":\"SUCCEEDED\""));
			browser.waitUntil(d -> d.findElements(By.cssSelector("#command-grid .command-state[data-state='SUCCEEDED']"))
				.stream()
				.findFirst()
				.orElse(null));
			assertThat(browser.waitFor(By.id("command-grid")).getText()).contains("reboot").contains("MQTT")
				.contains("rebooted");
			running.set(false);
			simulated.join();
		}
	}
}
