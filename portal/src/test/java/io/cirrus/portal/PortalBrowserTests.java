package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/** User journeys through the portal in headless Chromium, signing in on the real Keycloak login page. */
@CirrusIntegrationTest
class PortalBrowserTests extends BrowserTest {

	@Test
	void tenantAdminEditsSettingsAndSignsOutOfKeycloak() {
		browser.signIn("acme-admin");
		assertThat(browser.waitFor(By.id("header-tenant")).getText()).contains("Acme");
		assertThat(browser.waitFor(By.id("home-roles")).getText()).isEqualTo("tenant-admin");

		sideNav("Settings").click();
		WebElement name = browser.waitFor(By.cssSelector("#settings-display-name input"));
		WebElement email = browser.waitFor(By.cssSelector("#settings-contact-email input"));

		// The form says what to fix before anything is saved.
		replace(email, "not an e-mail");
		browser.waitFor(By.id("settings-save")).click();
		browser.waitUntil(d -> d.findElement(By.id("settings-contact-email")).getDomAttribute("invalid") != null);

		String displayName = "Acme " + UUID.randomUUID().toString().substring(0, 6);
		replace(name, displayName);
		replace(email, "ops@acme.example");
		WebElement zone = browser.waitFor(By.cssSelector("#settings-time-zone input"));
		zone.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
		zone.sendKeys("Europe/Lisb");
		browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-combo-box-item"))
			.stream()
			.filter(item -> item.isDisplayed() && item.getText().equals("Europe/Lisbon"))
			.findFirst()
			.orElse(null)).click();
		browser.settle();
		browser.waitFor(By.id("settings-save")).click();
		browser.waitUntil(d -> d.findElement(By.id("settings-last-change")).getText().contains("acme-admin"));

		browser.driver().navigate().refresh();
		assertThat(browser.waitFor(By.cssSelector("#settings-display-name input")).getDomProperty("value"))
			.isEqualTo(displayName);
		assertThat(browser.waitFor(By.cssSelector("#settings-contact-email input")).getDomProperty("value"))
			.isEqualTo("ops@acme.example");
		assertThat(browser.waitFor(By.cssSelector("#settings-time-zone input")).getDomProperty("value"))
			.isEqualTo("Europe/Lisbon");
		assertThat(browser.waitFor(By.id("header-tenant")).getText()).isEqualTo(displayName);

		browser.waitFor(By.id("sign-out")).click();
		browser.waitUntil(d -> d.getCurrentUrl().startsWith(Keycloak.URL) || !d.findElements(By.id("username")).isEmpty());
		// The Keycloak session ended too: opening the portal again asks for the username, no silent sign-in.
		browser.open("/");
		browser.waitFor(By.id("username"));
		assertThat(browser.currentUrl()).startsWith(Keycloak.REALM);
	}

	@Test
	void timesAreShownInTheTenantsTimeZone() {
		String admin = Keycloak.token("globex-admin");
		tools.jackson.databind.JsonNode before = io.cirrus.test.Api.get("/api/v1/tenant/settings", admin).json();
		java.util.Map<String, Object> settings = new java.util.HashMap<>();
		settings.put("displayName", before.get("displayName").asString());
		settings.put("contactEmail", before.path("contactEmail").isNull() ? null : before.path("contactEmail").asString(null));
		settings.put("timeZone", "Asia/Kolkata");
		assertThat(io.cirrus.test.Api.put("/api/v1/tenant/settings", admin, io.cirrus.test.Api.json(settings)).status()).isEqualTo(200);
		try {
			var device = io.cirrus.test.DeviceApi.register(admin, "zone-" + UUID.randomUUID().toString().substring(0, 6));
			io.cirrus.test.DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"t\":1}}");
			browser.signIn("globex-dev");
			browser.open("/devices/" + device.id());
			String registered = browser.waitFor(By.id("device-created")).getText();
			String expected = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:")
				.format(java.time.ZonedDateTime.now(java.time.ZoneId.of("Asia/Kolkata")));
			assertThat(registered).as("registered, in India Standard Time").endsWith(" IST").startsWith(expected.substring(0, 11));
			browser.waitUntil(d -> d.findElement(By.id("device-last-seen")).getText().endsWith(" IST"));
		}
		finally {
			settings.put("timeZone", before.get("timeZone").asString());
			io.cirrus.test.Api.put("/api/v1/tenant/settings", admin, io.cirrus.test.Api.json(settings));
		}
	}

	@Test
	void viewerSeesNoSettingsAndIsDeniedOnTheDirectUrl() {
		browser.signIn("acme-viewer");
		assertThat(navTitles()).contains("Home").doesNotContain("Settings", "Platform");

		browser.open("/settings");
		assertThat(browser.waitFor(By.id("access-denied")).getText()).contains("Access denied");
		browser.open("/platform");
		assertThat(browser.waitFor(By.id("access-denied")).getText()).contains("Access denied");
	}

	@Test
	void developerSeesSettingsReadOnly() {
		browser.signIn("acme-dev");
		sideNav("Settings").click();
		browser.waitFor(By.id("settings-display-name"));
		assertThat(browser.findAll(By.id("settings-save"))).isEmpty();
		assertThat(browser.waitFor(By.id("settings-display-name")).getDomAttribute("readonly")).isNotNull();
	}

	@Test
	void platformAdminSeesAllFiveComponentsUp() {
		browser.signIn("platform-admin");
		assertThat(browser.waitFor(By.id("header-tenant")).getText()).isEqualTo("Platform");
		sideNav("Platform").click();
		browser.waitFor(By.id("components"));
		List<String> states = browser.waitUntil(d -> {
			List<String> found = d.findElements(By.cssSelector(".component-status")).stream().map(WebElement::getText).toList();
			return found.size() == 5 ? found : null;
		});
		assertThat(states).containsOnly("UP");
		String page = browser.waitFor(By.id("components")).getText() + browser.driver().getPageSource();
		assertThat(page).contains("PostgreSQL", "RabbitMQ", "Kafka", "Keycloak", "Cirrus");
		assertThat(browser.driver().getPageSource()).contains("cirrus-test.device.telemetry", "cirrus.notify.inbox");
	}

	private WebElement sideNav(String title) {
		return browser.waitUntil(d -> d.findElements(By.cssSelector("#side-nav vaadin-side-nav-item"))
			.stream()
			.filter(item -> item.getText().contains(title))
			.findFirst()
			.orElse(null));
	}

	private List<String> navTitles() {
		browser.waitFor(By.id("side-nav"));
		return browser.findAll(By.cssSelector("#side-nav vaadin-side-nav-item")).stream().map(WebElement::getText).toList();
	}

	private static void replace(WebElement input, String text) {
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
		input.sendKeys(text);
		input.sendKeys(Keys.TAB);
	}
}
