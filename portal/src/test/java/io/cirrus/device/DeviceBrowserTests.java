package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;

/** Registering a device in the portal: the token is shown once with a copy button and works; the grid shows it. */
@CirrusIntegrationTest
class DeviceBrowserTests extends BrowserTest {

	@Test
	void statusAndLastSeenFollowTheDeviceWithoutAReload() {
		String name = "live-" + UUID.randomUUID().toString().substring(0, 8);
		var device = DeviceApi.register(io.cirrus.test.Keycloak.token("acme-dev"), name);
		browser.signIn("acme-dev");

		// The list, filtered to this device: never seen, then online once it reports, without a reload.
		browser.open("/devices?name=" + name);
		browser.waitUntil(d -> d.findElements(By.cssSelector("#device-grid .device-status[data-status=never-seen]")).size() == 1);
		DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"t\":1}}");
		browser.waitUntil(d -> d.findElements(By.cssSelector("#device-grid .device-status[data-status=online]")).size() == 1);
		assertThat(browser.driver().getCurrentUrl()).contains("name=" + name);

		// The device page follows it too.
		var second = DeviceApi.register(io.cirrus.test.Keycloak.token("acme-dev"), name + "-2");
		browser.open("/devices/" + second.id());
		assertThat(browser.waitFor(By.id("device-last-seen")).getText()).isEqualTo("never");
		assertThat(browser.waitFor(By.cssSelector("#device-detail .device-status")).getDomAttribute("data-status")).isEqualTo("never-seen");
		DeviceApi.post("/api/v1/telemetry", second.token(), "{\"values\":{\"t\":1}}");
		browser.waitUntil(d -> "online".equals(d.findElement(By.cssSelector("#device-detail .device-status")).getDomAttribute("data-status")));
		browser.waitUntil(d -> !d.findElement(By.id("device-last-seen")).getText().equals("never"));
	}

	@Test
	void developerRegistersADeviceSeesItsTokenOnceAndFindsItInTheGrid() {
		String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);
		browser.signIn("acme-dev");
		sideNav("Devices").click();
		browser.waitFor(By.id("device-grid"));

		browser.waitFor(By.id("register-device")).click();
		WebElement nameInput = browser.waitFor(By.cssSelector("#register-name input"));
		nameInput.sendKeys(name);
		browser.waitFor(By.cssSelector("#register-tags input")).sendKeys("lab, selenium");
		browser.settle();
		browser.waitFor(By.id("register-save")).click();

		WebElement token = browser.waitFor(By.cssSelector("#device-token input"));
		String shown = browser.waitUntil(d -> {
			String value = d.findElement(By.cssSelector("#device-token input")).getDomProperty("value");
			return value != null && value.startsWith("cdt_") ? value : null;
		});
		assertThat(token).isNotNull();
		assertThat(browser.waitFor(By.id("copy-token")).isDisplayed()).isTrue();
		browser.waitFor(By.id("copy-token")).click();

		// The token shown is the device's real credential.
		var me = DeviceApi.get("/api/v1/device/me", shown);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("name").asString()).isEqualTo(name);

		browser.waitFor(By.id("token-done")).click();
		browser.waitUntil(d -> d.findElements(By.id("token-dialog")).isEmpty());
		// Shown once: nowhere on the page any more.
		assertThat(browser.driver().getPageSource()).doesNotContain(shown);

		WebElement filter = browser.waitFor(By.cssSelector("#filter-name input"));
		filter.sendKeys(name, Keys.TAB);
		browser.waitUntil(d -> d.findElement(By.id("device-grid")).getText().contains(name));
		assertThat(browser.waitFor(By.id("device-grid")).getText()).contains("Never seen").contains("lab, selenium");
		browser.waitUntil(d -> d.findElement(By.id("device-total")).getText().equals("1 device"));
		browser.waitUntil(d -> d.getCurrentUrl().contains("name=" + name));

		// Opening it shows its detail page with the credentials actions, still without the token.
		browser.waitUntil(d -> d.findElements(By.cssSelector("#device-grid vaadin-grid-cell-content"))
			.stream()
			.filter(c -> c.getText().equals(name))
			.findFirst()
			.orElse(null)).click();
		assertThat(browser.waitFor(By.id("device-name")).getText()).isEqualTo(name);
		assertThat(browser.waitFor(By.id("device-credentials")).getText()).isEqualTo("active");
		assertThat(browser.waitFor(By.id("device-rotate")).isDisplayed()).isTrue();
		assertThat(browser.driver().getPageSource()).doesNotContain(shown);
	}

	@Test
	void csvImportShowsProgressThenTheRefusedRowsAndImportsWhenSkipping() throws Exception {
		String run = "ui-imp-" + UUID.randomUUID().toString().substring(0, 6);
		StringBuilder csv = new StringBuilder("name,tags,metadata\n");
		for (int i = 0; i < 2000; i++) {
			csv.append(run).append('-').append(i).append(',').append(run).append(',').append(i == 1234 ? "{oops" : "{}").append('\n');
		}
		java.nio.file.Path file = java.nio.file.Files.createTempFile("devices", ".csv");
		java.nio.file.Files.writeString(file, csv);

		browser.signIn("acme-dev");
		sideNav("Devices").click();
		browser.waitFor(By.id("import-devices")).click();
		upload(file);
		browser.waitUntil(d -> d.findElement(By.id("import-state")).getText().contains("nothing was imported"));
		browser.waitUntil(d -> d.findElement(By.id("import-errors")).getText().contains("1235"));
		assertThat(browser.waitFor(By.id("import-errors")).getText()).contains("metadata");

		browser.waitFor(By.id("import-skip-invalid")).click();
		upload(file);
		browser.waitUntil(d -> d.findElement(By.id("import-state")).getText().contains("Imported 1999 of 2000"));
		assertThat(browser.waitFor(By.id("import-progress")).getDomProperty("value")).isEqualTo("1");
		assertThat(browser.waitFor(By.id("import-tokens")).isDisplayed()).isTrue();
		assertThat(browser.waitFor(By.id("import-errors")).getText()).contains("1235");
	}

	private void upload(java.nio.file.Path file) {
		WebElement upload = browser.waitFor(By.id("import-upload"));
		WebElement input = browser.waitUntil(d -> {
			var inputs = upload.findElements(By.cssSelector("input[type=file]"));
			if (!inputs.isEmpty()) {
				return inputs.getFirst();
			}
			var shadow = upload.getShadowRoot().findElements(By.cssSelector("input[type=file]"));
			return shadow.isEmpty() ? null : shadow.getFirst();
		});
		input.sendKeys(file.toAbsolutePath().toString());
	}

	@Test
	void detailPageRotatesRevokesAndDecommissionsAndHidesOtherTenantsDevices() {
		String name = "detail-" + UUID.randomUUID().toString().substring(0, 6);
		DeviceApi.Registered device = DeviceApi.register(io.cirrus.test.Keycloak.token("acme-dev"), name);
		browser.signIn("acme-dev");
		browser.open("/devices/" + device.id());
		assertThat(browser.waitFor(By.id("device-credentials")).getText()).isEqualTo("active");

		browser.waitFor(By.id("device-rotate")).click();
		confirm();
		String rotated = browser.waitUntil(d -> {
			String value = d.findElement(By.cssSelector("#device-token input")).getDomProperty("value");
			return value != null && value.startsWith("cdt_") ? value : null;
		});
		assertThat(DeviceApi.get("/api/v1/device/me", device.token()).status()).isEqualTo(401);
		assertThat(DeviceApi.get("/api/v1/device/me", rotated).status()).isEqualTo(200);
		browser.waitFor(By.id("token-done")).click();

		browser.waitFor(By.id("device-revoke")).click();
		confirm();
		browser.waitUntil(d -> d.findElement(By.id("device-credentials")).getText().equals("revoked"));
		assertThat(DeviceApi.get("/api/v1/device/me", rotated).status()).isEqualTo(401);

		browser.waitFor(By.id("device-decommission")).click();
		confirm();
		browser.waitUntil(d -> !d.findElements(By.id("device-decommissioned")).isEmpty());
		assertThat(browser.waitFor(By.cssSelector(".device-status")).getText()).isEqualTo("Decommissioned");
		assertThat(browser.findAll(By.id("device-rotate"))).isEmpty();

		// Globex's developer opening Acme's device link sees "not found", nothing of the device.
		browser.close();
		browser = new Browser();
		browser.signIn("globex-dev");
		browser.open("/devices/" + device.id());
		browser.waitFor(By.id("device-not-found"));
		assertThat(browser.driver().getPageSource()).doesNotContain(name);
	}

	private void confirm() {
		browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-button[slot='confirm-button']"))
			.stream()
			.filter(WebElement::isDisplayed)
			.findFirst()
			.orElse(null)).click();
	}

	@Test
	void viewerSeesDevicesButCannotRegister() {
		browser.signIn("acme-viewer");
		sideNav("Devices").click();
		browser.waitFor(By.id("device-grid"));
		browser.settle();
		assertThat(browser.findAll(By.id("register-device"))).isEmpty();
		assertThat(browser.findAll(By.id("import-devices"))).isEmpty();
	}

	private WebElement sideNav(String title) {
		return browser.waitUntil(d -> d.findElements(By.cssSelector("#side-nav vaadin-side-nav-item"))
			.stream()
			.filter(item -> item.getText().strip().equals(title))
			.findFirst()
			.orElse(null));
	}
}
