package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import io.cirrus.test.MqttDevice;

/**
 * A developer designs an app in the browser: builds "temperature above 30 for 2 readings in a row: notify acme-admin
 * in the portal, priority high" in the form, sees the YAML follow, makes a CEL typo and sees the error at its
 * place, fixes it, saves, and dry-runs it on the last readings of a simulated device (a real MQTT client) to see
 * the notification as it would be sent.
 */
@CirrusIntegrationTest
class AppDesignerBrowserTests extends BrowserTest {

	@Test
	void aDeveloperBuildsAnAppInTheFormFixesATypoAndDryRunsItOnRealReadings() throws Exception {
		String name = AppFixture.name("Freezer watch");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(Keycloak.token("acme-dev"), "Freezer " + tag, tag);

		browser.signIn("acme-dev");
		browser.open("/apps");
		browser.waitFor(By.id("new-app")).click();
		type("new-app-name", name);
		browser.waitFor(By.id("new-app-create")).click();
		browser.waitUntil(d -> d.getCurrentUrl().matches(".*/apps/[0-9a-f-]{36}$"));
		assertThat(browser.waitFor(By.id("app-title")).getText()).isEqualTo(name);

		// The starter: one telemetry trigger and a rule notifying the author. Shape it in the form.
		type("f-triggers-0-keys", "temperature");
		browser.waitFor(By.id("add-block")).click();
		browser.settle();
		choose("f-blocks-0-kind", "for-duration");
		type("f-blocks-0-condition", "event.values.temperature > 30");
		type("f-blocks-0-readings", "2");
		type("f-rules-0-condition", "blocks.block1");
		type("f-rules-0-actions-0-recipients", "user:acme-admin");
		choose("f-rules-0-actions-0-priority", "high");
		type("f-rules-0-actions-0-title", "{{ device.name }} is at {{ event.values.temperature }} °C");

		// The YAML follows the form.
		browser.waitUntil(d -> yaml().contains("priority: high"));
		assertThat(yaml()).contains("kind: for-duration", "condition: event.values.temperature > 30", "readings: 2",
				"condition: blocks.block1", "user:acme-admin", "keys:", "- temperature");
		assertThat(status()).isEqualTo("Valid");

		// Side by side, each wide enough to work in.
		Rectangle form = rectangle("app-form");
		Rectangle yamlPane = rectangle("app-yaml");
		Rectangle split = rectangle("app-split");
		assertThat(form.getX() + form.getWidth()).isLessThanOrEqualTo(yamlPane.getX());
		assertThat(form.getWidth()).isGreaterThan(split.getWidth() * 35 / 100);
		assertThat(yamlPane.getWidth()).isGreaterThan(split.getWidth() * 30 / 100);
		assertThat(yamlPane.getHeight()).isGreaterThan(300);

		// A typo in the condition: the error under the field, with the caret at the misspelled block.
		type("f-rules-0-condition", "blocks.blok1");
		WebElement error = browser.waitFor(By.id("f-rules-0-condition-error"));
		assertThat(error.getText()).contains("Unknown block 'blok1': the app declares block1.");
		assertThat(error.getDomAttribute("data-offset")).isEqualTo("7");
		assertThat(error.findElement(By.cssSelector(".cel-error-mark")).getText()).isEqualTo("b");
		assertThat(status()).isEqualTo("1 error");
		WebElement problem = browser.waitFor(By.id("app-problem-0"));
		assertThat(problem.getText()).contains("$.rules[0].condition").contains("column");
		assertThat(problem.getDomAttribute("data-code")).isEqualTo("cel-type");
		Rectangle field = rectangle("f-rules-0-condition");
		Rectangle below = error.getRect();
		assertThat(below.getY()).isGreaterThanOrEqualTo(field.getY() + field.getHeight() - 4);

		// Fixed, saved as version 2.
		type("f-rules-0-condition", "blocks.block1");
		browser.waitUntil(d -> status().equals("Valid"));
		assertThat(browser.findAll(By.id("f-rules-0-condition-error")).getFirst().isDisplayed()).isFalse();
		browser.waitFor(By.id("app-save")).click();
		browser.waitUntil(d -> browser.waitFor(By.id("app-version")).getText().startsWith("version 2"));
		browser.screenshot("app-designer");

		// The history: both versions, and what changed between them.
		tab("Versions");
		browser.waitUntil(d -> d.findElement(By.id("app-version-grid")).getText().contains("v2"));
		assertThat(browser.waitFor(By.id("app-version-grid")).getText()).contains("v1").contains("acme-dev");
		List<String> added = browser.findAll(By.cssSelector("#app-diff .diff-added")).stream().map(WebElement::getText).toList();
		assertThat(added).anyMatch(line -> line.contains("kind: for-duration")).anyMatch(line -> line.contains("priority: high"));
		assertThat(browser.findAll(By.cssSelector("#app-diff .diff-removed")).stream().map(WebElement::getText))
			.anyMatch(line -> line.contains("user:acme-dev"));

		// The device sends readings over MQTT, as the simulator does.
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
			for (double temperature : new double[] { 28, 31, 32.5, 29, 33, 34 }) {
				mqtt.publish("devices/" + device.id() + "/telemetry", "{\"values\": {\"temperature\": " + temperature + "}}");
				Thread.sleep(20);
			}
		}
		String dev = Keycloak.token("acme-dev");
		Await.until("the readings stored", Duration.ofSeconds(30),
				() -> Api.get("/api/v1/devices/" + device.id() + "/telemetry/latest", dev).body().contains("\"value\":34.0"));

		// Dry run on the device's last 5 readings.
		tab("Dry run");
		WebElement picker = browser.waitFor(By.cssSelector("#dry-run-device input"));
		picker.sendKeys("Freezer " + tag);
		browser.waitFor(By.xpath("//vaadin-combo-box-item[contains(., 'Freezer " + tag + "')]")).click();
		WebElement readings = browser.waitFor(By.cssSelector("#dry-run-last input"));
		readings.sendKeys(Keys.chord(Keys.CONTROL, "a"), "5", Keys.TAB);
		browser.settle();
		browser.waitFor(By.id("dry-run-start")).click();
		String summary = browser.waitUntil(d -> {
			String text = d.findElement(By.id("dry-run-summary")).getText();
			return text.startsWith("Version 2 on") ? text : null;
		});
		assertThat(summary).contains("the last 5 readings of device Freezer " + tag).contains("2 fired")
			.contains("nothing was sent");
		List<String> notifications = browser.findAll(By.cssSelector(".dry-run-notification-title")).stream()
			.map(WebElement::getText).toList();
		assertThat(notifications).containsExactly("Freezer " + tag + " is at 32.5 °C", "Freezer " + tag + " is at 34 °C");
		assertThat(browser.findAll(By.cssSelector(".dry-run-notification")).getFirst().getText())
			.contains("user:acme-admin").contains("priority high").contains("inbox");
		browser.screenshot("app-dry-run");
	}

	@Test
	void aViewerSeesTheDesignReadOnlyWithoutSaveOrDryRun() {
		String id = AppFixture.create(Keycloak.token("acme-dev"), AppFixture.freezer(AppFixture.name("Read only"), AppFixture.tag()))
			.json().get("app").asString();
		browser.signIn("acme-viewer");
		browser.open("/apps/" + id);
		browser.waitFor(By.id("app-form"));
		assertThat(browser.findAll(By.id("app-save"))).isEmpty();
		assertThat(browser.findAll(By.id("add-block"))).isEmpty();
		assertThat(browser.waitFor(By.id("app-yaml")).getDomAttribute("readonly")).isNotNull();
		assertThat(browser.findAll(By.id("view-dry-run"))).isEmpty();
		assertThat(browser.findAll(By.id("view-versions"))).isNotEmpty();
		browser.open("/apps/" + java.util.UUID.randomUUID());
		assertThat(browser.waitFor(By.id("app-not-found")).getText()).contains("does not exist in your tenant");
	}

	private void type(String id, String text) {
		WebElement input = browser.waitFor(By.cssSelector("#" + id + " input"));
		js().executeScript("arguments[0].scrollIntoView({block: 'center'})", input);
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
		input.sendKeys(text, Keys.TAB);
		browser.settle();
	}

	/** Picks an item of a select as a person does: brings it into view, opens it, clicks the item. */
	private void choose(String id, String item) {
		WebElement select = browser.waitFor(By.id(id));
		js().executeScript("arguments[0].scrollIntoView({block: 'center'})", select);
		browser.settle();
		select.click();
		By option = By.xpath("//vaadin-select-item[normalize-space(.)='" + item + "']");
		try {
			new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(3))
				.until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(option));
		}
		catch (org.openqa.selenium.TimeoutException e) {
			// The click landed while the form moved (a problem appeared above it): open it again.
			js().executeScript("arguments[0].opened = true", select);
		}
		browser.waitFor(option).click();
		browser.settle();
	}

	private JavascriptExecutor js() {
		return (JavascriptExecutor) browser.driver();
	}

	/** Shows a part of the app page (Design, Versions, Dry run) with its button. */
	private void tab(String label) {
		WebElement button = browser.waitFor(By.id("view-" + label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-')));
		button.click();
		browser.settle();
		assertThat(button.getDomAttribute("aria-pressed")).isEqualTo("true");
	}

	private String yaml() {
		return (String) ((JavascriptExecutor) browser.driver()).executeScript(
				"return document.querySelector('#app-yaml textarea').value");
	}

	private String status() {
		browser.settle();
		return browser.waitFor(By.id("app-status")).getText();
	}

	private Rectangle rectangle(String id) {
		return browser.waitFor(By.id(id)).getRect();
	}
}
