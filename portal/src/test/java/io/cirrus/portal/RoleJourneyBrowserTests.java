package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Api;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import io.cirrus.test.PageChecks;

/**
 * Each demo role's walk through the portal, as that person clicks it on a laptop: the menu offers exactly the
 * role's pages, and every page it leads to (and, for tenant users, a device's page and a shared dashboard) is
 * saved as a screenshot ({@code target/screenshots/pages/journey-<user>-*}), passes axe-core and the page checks
 * of {@link PageChecks}, and shows its heading above the fold beside the menu with the content taking the room
 * left of it.
 */
@CirrusIntegrationTest
class RoleJourneyBrowserTests extends BrowserTest {

	private static final List<String> VIEWER_MENU = List.of("Home", "Dashboards", "Devices", "Device profiles", "Inbox",
			"Subscriptions", "Apps", "Usage", "Health", "Alarms");

	private static final List<String> MANAGER_MENU = concat(VIEWER_MENU,
			List.of("Notifications", "Parked deliveries", "Webhooks", "Settings"));

	/** Tenant admins also manage the tenant's users and API clients. */
	private static final List<String> ADMIN_MENU = concat(MANAGER_MENU, List.of("Users", "API clients"));

	@Test
	void aViewerWalksThroughEveryPageOfTheMenu() {
		assertThat(journey("acme-viewer", VIEWER_MENU, true)).as("what a viewer would stumble on").isEmpty();
	}

	@Test
	void aDeveloperWalksThroughEveryPageOfTheMenu() {
		assertThat(journey("acme-dev", MANAGER_MENU, true)).as("what a developer would stumble on").isEmpty();
	}

	@Test
	void aTenantAdminWalksThroughEveryPageOfTheMenu() {
		assertThat(journey("acme-admin", ADMIN_MENU, true)).as("what a tenant admin would stumble on").isEmpty();
	}

	/**
	 * A platform admin belongs to no tenant, and inboxes and subscriptions are a tenant's: the menu offered them and
	 * opening them failed with "You are not a member of any tenant"; now neither is offered, and the direct URL says
	 * access denied.
	 */
	@Test
	void aPlatformAdminWalksThroughEveryPageOfTheMenu() {
		assertThat(journey("platform-admin", List.of("Home", "Platform"), false))
			.as("what a platform admin would stumble on").isEmpty();
		for (String path : List.of("/inbox", "/subscriptions")) {
			browser.open(path);
			assertThat(browser.waitFor(By.id("access-denied")).getText()).as(path).contains("Access denied");
		}
	}

	/** Signs in as {@code user}, checks the menu, follows each entry and reviews the page; answers the problems. */
	private List<String> journey(String user, List<String> menu, boolean tenant) {
		String device = null;
		String dashboard = null;
		if (tenant) {
			String dev = Keycloak.token("acme-dev");
			DeviceApi.Registered registered = DeviceApi.register(dev, "walk-" + UUID.randomUUID().toString().substring(0, 6));
			DeviceApi.post("/api/v1/telemetry", registered.token(), "{\"values\":{\"temperature\":19.5,\"humidity\":44}}");
			device = registered.id();
			dashboard = sharedDashboard(dev, device);
		}
		browser.signIn(user);
		browser.viewport(1280, 900);
		assertThat(menu()).as("the menu of " + user).containsExactlyElementsOf(menu);
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < menu.size(); i++) {
			String title = menu.get(i);
			WebElement item = menuItem(title);
			item.click();
			browser.waitUntil(d -> menuItem(title).getDomAttribute("current") != null);
			problems.addAll(review(user, String.format(Locale.ROOT, "%02d-%s", i, slug(title)), title));
		}
		if (tenant) {
			browser.open("/devices/" + device);
			browser.waitFor(By.id("device-name"));
			problems.addAll(review(user, "20-device", "device page"));
			browser.open("/dashboards/" + dashboard);
			browser.waitFor(By.cssSelector(".cirrus-widget[data-kind=gauge] .cirrus-gauge[data-value]"));
			problems.addAll(review(user, "21-dashboard", "shared dashboard"));
		}
		return problems;
	}

	/** Screenshot, page checks and geometry of the page now shown. */
	private List<String> review(String user, String name, String page) {
		browser.waitUntil(d -> !d.findElements(By.tagName("h1")).isEmpty() && d.findElement(By.tagName("h1")).isDisplayed());
		browser.capture("journey-" + user + "-" + name);
		String where = user + " on " + page;
		List<String> problems = new ArrayList<>(PageChecks.problems(browser, where));
		double viewportHeight = ((Number) browser.js("return window.innerHeight")).doubleValue();
		double viewportWidth = ((Number) browser.js("return window.innerWidth")).doubleValue();
		Browser.Box nav = browser.box("#side-nav");
		Browser.Box heading = browser.box("h1");
		Browser.Box main = browser.box("[role=main]");
		if (heading.width() <= 0 || heading.top() < 0 || heading.bottom() > viewportHeight) {
			problems.add(where + ": the heading is not in view (" + heading + ")");
		}
		if (heading.left() < nav.right() - 1) {
			problems.add(where + ": the heading " + heading + " starts under the menu " + nav);
		}
		if (main.width() < 0.6 * (viewportWidth - nav.right())) {
			problems.add(where + ": the content is " + main + ", less than 60 % of the " + (viewportWidth - nav.right())
					+ " px beside the menu");
		}
		return problems;
	}

	private List<String> menu() {
		browser.waitFor(By.id("side-nav"));
		return browser.findAll(By.cssSelector("#side-nav vaadin-side-nav-item")).stream().map(e -> e.getText().trim()).toList();
	}

	private WebElement menuItem(String title) {
		return browser.waitUntil(d -> d.findElements(By.cssSelector("#side-nav vaadin-side-nav-item"))
			.stream()
			.filter(item -> item.getText().trim().equals(title))
			.findFirst()
			.orElse(null));
	}

	/** A dashboard of the device (a chart and a gauge) that developers and viewers may open. */
	private static String sharedDashboard(String token, String device) {
		Api.Answer created = Api.post("/api/v1/dashboards", token, Api.json(Map.of("name",
				"Walk " + UUID.randomUUID().toString().substring(0, 6), "sharedWith", List.of("developer", "viewer"),
				"widgets", List.of(Map.of("kind", "chart", "devices", List.of(device), "keys", List.of("temperature"), "unit", "°C"),
						Map.of("kind", "gauge", "devices", List.of(device), "keys", List.of("humidity"), "unit", "%")))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private static String slug(String title) {
		return title.toLowerCase(Locale.ROOT).replace(' ', '-');
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return List.copyOf(all);
	}
}
