package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.cirrus.test.Api;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import io.cirrus.test.PageChecks;

/**
 * Every main page as a person meets it: saved as a screenshot for review (target/screenshots/pages), checked by
 * axe-core (no critical or serious violation), with one main landmark and one h1, and no sideways scrolling at a
 * laptop's 1,280 px or, for the busiest pages, a phone's 390 px.
 */
@CirrusIntegrationTest
class MainPagesBrowserTests extends BrowserTest {

	/** A page: its name in the screenshot, its path and an element that is there once it has loaded. */
	record Page(String name, String path, String ready) {
	}

	@Test
	void everyMainPageOfATenantIsAccessibleAndFitsALaptopScreen() {
		String admin = Keycloak.token("acme-admin");
		var device = DeviceApi.register(admin, "review-" + UUID.randomUUID().toString().substring(0, 6));
		DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"temperature\":21.5,\"humidity\":40}}");
		Api.post("/api/v1/notifications", admin, Api.json(Map.of("recipients", List.of("user:acme-admin"), "channels",
				List.of("inbox"), "priority", "normal", "title", "Review of the portal", "body", "Every page, checked.")));

		String app = Api.postBytes("/api/v1/apps", admin, "application/yaml", """
				name: Review %s
				permissions: {devices: {}, actions: [notify]}
				triggers: [{id: readings, kind: telemetry, keys: [temperature]}]
				rules:
				  - id: warm
				    condition: event.values.temperature > 30.0
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: "{{ device.name }} is warm"}]
				""".formatted(UUID.randomUUID().toString().substring(0, 6)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.json().get("app").asString();

		String dashboard = everyWidget(admin, device.id());

		browser.signIn("acme-admin");
		browser.viewport(1280, 900);
		List<String> problems = new ArrayList<>();
		for (Page page : List.of(new Page("01-home", "/", "#home-dashboard"),
				new Page("16-dashboards", "/dashboards", "#dashboard-grid"),
				new Page("17-dashboard", "/dashboards/" + dashboard, ".cirrus-widget[data-kind=devices]"), new Page("02-devices", "/devices", "#device-grid"),
				new Page("03-device", "/devices/" + device.id(), "#device-name"),
				new Page("04-device-profiles", "/device-profiles", "#profile-grid"),
				new Page("05-health", "/health", "#tenant-health"), new Page("06-alarms", "/alarms", "#alarm-rules"),
				new Page("07-notifications", "/notifications", "#history"),
				new Page("08-parked-deliveries", "/notifications/parked", "#parked-grid"),
				new Page("09-inbox", "/inbox", "#inbox-grid"), new Page("10-subscriptions", "/subscriptions", "#subscriptions"),
				new Page("11-webhooks", "/webhooks", "#webhook-grid"), new Page("12-settings", "/settings", "#settings-display-name"),
				new Page("18-api-clients", "/api-clients", "#api-client-grid"), new Page("19-users", "/users", "#user-grid"),
				new Page("14-apps", "/apps", "#app-grid"), new Page("15-app-designer", "/apps/" + app, "#app-form"))) {
			problems.addAll(review(page));
		}
		assertThat(problems).as("what a person would stumble on").isEmpty();
	}

	@Test
	void platformStatusIsAccessibleAndFitsALaptopScreen() {
		browser.signIn("platform-admin");
		browser.viewport(1280, 900);
		List<String> problems = new ArrayList<>();
		problems.addAll(review(new Page("13-platform-status", "/platform", "#components")));
		problems.addAll(review(new Page("00-platform-home", "/", "#home-components")));
		assertThat(problems).as("what a person would stumble on").isEmpty();
	}

	@Test
	void devicesAndHealthFitAPhoneScreen() {
		String dev = Keycloak.token("acme-dev");
		var device = DeviceApi.register(dev, "phone-" + UUID.randomUUID().toString().substring(0, 6));
		String dashboard = everyWidget(dev, device.id());
		browser.signIn("acme-dev");
		browser.viewport(390, 844);
		List<String> problems = new ArrayList<>();
		for (Page page : List.of(new Page("phone-devices", "/devices", "#device-grid"),
				new Page("phone-health", "/health", "#tenant-health"), new Page("phone-home", "/", "#home-dashboard"),
				new Page("phone-alarms", "/alarms", "#alarm-filters"),
				new Page("phone-dashboard", "/dashboards/" + dashboard, ".cirrus-widget[data-kind=devices]"))) {
			browser.open(page.path());
			browser.waitFor(By.cssSelector(page.ready()));
			browser.capture(page.name());
			int overflow = browser.horizontalOverflow();
			if (overflow > 0) {
				problems.add(page.path() + " at 390 px scrolls " + overflow + " px sideways");
			}
		}
		assertThat(problems).isEmpty();
	}

	/** A dashboard with a widget of every kind, of one device. */
	private static String everyWidget(String token, String device) {
		Api.Answer created = Api.post("/api/v1/dashboards", token, Api.json(Map.of("name",
				"Review " + UUID.randomUUID().toString().substring(0, 6), "widgets", List.of(
						Map.of("kind", "chart", "devices", List.of(device), "keys", List.of("temperature", "humidity"), "unit", "°C"),
						Map.of("kind", "value", "devices", List.of(device), "keys", List.of("temperature"), "unit", "°C", "warn", 25),
						Map.of("kind", "gauge", "devices", List.of(device), "keys", List.of("humidity"), "unit", "%"),
						Map.of("kind", "alarms", "activeOnly", false), Map.of("kind", "devices", "width", 2),
						Map.of("kind", "notifications", "width", 4)))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private List<String> review(Page page) {
		browser.open(page.path());
		browser.waitFor(By.cssSelector(page.ready()));
		browser.capture(page.name());
		return PageChecks.problems(browser, page.path());
	}
}
