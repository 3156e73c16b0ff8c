package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cirrus.test.Api;
import io.cirrus.test.Axe;
import io.cirrus.test.Browser.Box;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/**
 * A developer schedules a deployment about half a minute ahead in the tenant's time zone, watches it go from
 * scheduled to running without reloading the page (server push), sees the "deployment completed" notification
 * arrive in the bell and the inbox, and rolls back to the earlier version.
 */
@CirrusIntegrationTest
class AppDeploymentBrowserTests extends BrowserTest {

	private static final Pattern ZONE = Pattern.compile("Deploy at \\((.+)\\)");

	@Test
	void aDeveloperSchedulesADeploymentWatchesItGoLiveHearsOfItAndRollsBack() {
		String dev = Keycloak.token("acme-dev");
		subscribeToDeployments(dev);
		String name = AppFixture.name("Cold room");
		String tag = AppFixture.tag();
		String id = AppFixture.create(dev, AppFixture.freezer(name, tag)).json().get("app").asString();
		assertThat(AppFixture.postYaml(AppFixture.APPS + "/" + id + "/versions", dev,
				AppFixture.freezer(name, tag).replace("value: 30", "value: 25")).status()).isEqualTo(201);

		browser.signIn("acme-dev");
		browser.open("/apps/" + id + "?view=deployments");
		WebElement status = browser.waitFor(By.id("deployment-status"));
		assertThat(status.getText()).isEqualTo("Not running");
		assertThat(browser.waitFor(By.id("view-deployments")).getDomAttribute("aria-pressed")).isEqualTo("true");
		assertThat(browser.waitFor(By.id("deployment-grid")).getText()).contains("Never deployed.");
		assertThat(browser.waitFor(By.id("deployment-stop")).getDomAttribute("disabled")).isNotNull();
		assertThat(browser.waitFor(By.id("deployment-rollback")).getDomAttribute("disabled")).isNotNull();
		Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).forEach(v -> {
			throw new AssertionError("accessibility: " + v);
		});

		// The picker speaks the tenant's zone; the time is typed in it, 30 s ahead, to the second.
		String label = browser.waitFor(By.id("deploy-at")).getDomProperty("label");
		Matcher zoneLabel = ZONE.matcher(label);
		assertThat(zoneLabel.matches()).as(label).isTrue();
		ZoneId zone = ZoneId.of(zoneLabel.group(1));
		Instant at = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
		LocalDateTime local = LocalDateTime.ofInstant(at, zone);
		browser.js("const p = document.getElementById('deploy-at'); p.value = arguments[0];"
				+ " p.dispatchEvent(new CustomEvent('change', {bubbles: true}));", local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
		browser.settle();
		assertThat(versionChosen()).isEqualTo("v2");
		browser.waitFor(By.id("deploy")).click();
		String shownAt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ENGLISH).format(at.atZone(zone));
		assertThat(dialogText()).isEqualTo("Schedule v2? | Version 2 will be deployed at " + shownAt + ".");
		browser.confirm("Schedule");
		browser.js("window.__sameDocument = true");

		browser.waitUntil(d -> status().contains("scheduled: v2 at " + shownAt));
		assertThat(status()).startsWith("Not running");
		assertThat(rows()).first().asString().contains("v2").contains("Scheduled").contains(shownAt).contains("acme-dev");
		String bellBefore = bell();

		// It goes live at its time, on whichever instance: the page follows without a reload.
		String running = new WebDriverWait(browser.driver(), Duration.ofSeconds(75))
			.until(d -> status().startsWith("Running: v2") ? status() : null);
		assertThat(Instant.now()).isAfterOrEqualTo(at);
		assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
		assertThat(running).doesNotContain("scheduled");
		assertThat(rows()).first().asString().contains("v2").contains("Running");
		List<String> steps = steps();
		assertThat(steps).hasSize(3);
		assertThat(steps.get(0)).contains("acme-dev").contains("— → Scheduled");
		assertThat(steps.get(1)).contains("scheduler").contains("Scheduled → Deploying");
		assertThat(steps.get(2)).contains("scheduler").contains("Deploying → Running");

		// The completion notification arrives in the bell by push, then in the inbox.
		browser.waitUntil(d -> !bell().equals(bellBefore));
		assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
		assertThat(browser.findAll(By.cssSelector("vaadin-notification-card")).stream().map(WebElement::getText))
			.as("error notifications").isEmpty();
		browser.screenshot("app-deployments-running");
		Box grid = browser.box("#deployment-grid");
		Box panel = browser.box("#app-deployments");
		Box badge = browser.box("#deployment-status");
		assertThat(grid.width()).isGreaterThan(panel.width() * 0.9);
		assertThat(badge.bottom()).isLessThanOrEqualTo(grid.top());
		browser.waitFor(By.id("bell")).click();
		browser.waitUntil(d -> d.findElement(By.id("inbox-grid")).getText().contains("Deployment completed: " + name + " version 2"));

		// Roll back to version 1.
		browser.open("/apps/" + id + "?view=deployments");
		browser.waitUntil(d -> status().startsWith("Running: v2"));
		WebElement rollback = browser.waitFor(By.id("deployment-rollback"));
		browser.waitUntil(d -> rollback.getDomAttribute("disabled") == null);
		chooseRollback("v1");
		rollback.click();
		assertThat(dialogText()).startsWith("Roll back to v1? | ");
		browser.confirm("Roll back");
		browser.waitUntil(d -> status().startsWith("Running: v1"));
		List<String> rows = rows();
		assertThat(rows.get(0)).contains("v1").contains("Running").contains("rollback from version 2 to version 1");
		assertThat(rows.get(1)).contains("v2").contains("Stopped").contains("replaced by version 1");
		browser.screenshot("app-deployments-rolled-back");
		Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).forEach(v -> {
			throw new AssertionError("accessibility: " + v);
		});
	}

	@Test
	void aViewerSeesTheHistoryWithoutTheActions() {
		String dev = Keycloak.token("acme-dev");
		String name = AppFixture.name("Viewed live");
		String id = AppFixture.create(dev, AppFixture.freezer(name, AppFixture.tag())).json().get("app").asString();
		assertThat(AppDeploymentApiIntegrationTests.deploy(AppFixture.APPS + "/" + id, dev, 1, null).status()).isEqualTo(201);
		browser.signIn("acme-viewer");
		browser.open("/apps/" + id + "?view=deployments");
		browser.waitUntil(d -> status().startsWith("Running: v1"));
		assertThat(browser.findAll(By.id("deployment-actions"))).isEmpty();
		assertThat(rows()).first().asString().contains("v1").contains("Running").contains("acme-dev");
		// The apps list shows the deployment and the running version.
		browser.open("/apps?name=" + name.substring(name.length() - 8));
		browser.waitUntil(d -> d.findElement(By.id("app-grid")).getText().contains(name));
		String grid = browser.waitFor(By.id("app-grid")).getText();
		assertThat(grid).contains("Deployment").contains("Running version").contains("Running").contains("v1");
	}

	private static void subscribeToDeployments(String token) {
		var current = Api.get("/api/v1/notifications/subscriptions", token).json();
		List<Map<String, Object>> wanted = new ArrayList<>();
		current.forEach(s -> {
			List<String> channels = new ArrayList<>();
			s.get("channels").forEach(c -> channels.add(c.asString()));
			String type = s.get("eventType").asString();
			wanted.add(Map.of("eventType", type, "channels", type.startsWith("deployment.") ? List.of("inbox") : channels));
		});
		assertThat(Api.put("/api/v1/notifications/subscriptions", token, Api.json(wanted)).status()).isEqualTo(200);
	}

	private String status() {
		return browser.waitFor(By.id("deployment-status")).getText();
	}

	private String bell() {
		return (String) browser.js("const c = document.getElementById('bell-count'); return c && !c.hidden ? c.textContent : '0';");
	}

	private String versionChosen() {
		return (String) browser.js("return document.querySelector('#deploy-version').shadowRoot ? "
				+ "document.querySelector('#deploy-version vaadin-select-value-button').textContent.trim() : ''");
	}

	/** Picks an earlier version as a person does: opens the list, clicks the item. */
	private void chooseRollback(String label) {
		WebElement select = browser.waitFor(By.id("rollback-version"));
		browser.js("arguments[0].scrollIntoView({block: 'center'})", select);
		browser.settle();
		select.click();
		// The version picker above lists the same labels (closed, hidden): the item shown is this select's.
		By item = By.xpath("//vaadin-select-item[normalize-space(.)='" + label + "']");
		java.util.function.Function<org.openqa.selenium.WebDriver, WebElement> shown = d -> d.findElements(item).stream()
			.filter(WebElement::isDisplayed)
			.findFirst()
			.orElse(null);
		try {
			new WebDriverWait(browser.driver(), Duration.ofSeconds(3)).until(shown);
		}
		catch (org.openqa.selenium.TimeoutException e) {
			browser.js("arguments[0].opened = true", select);
		}
		browser.waitUntil(shown).click();
		browser.settle();
		assertThat((String) browser.js("return arguments[0].querySelector('vaadin-select-value-button').textContent.trim()", select))
			.isEqualTo(label);
	}

	/** The open confirmation's header and text. */
	private String dialogText() {
		return browser.waitUntil(d -> {
			Object text = browser.js("const d = document.getElementById('deployment-confirm');"
					+ " return d && d.opened ? d.header + ' | ' + d.message : null;");
			return (String) text;
		});
	}

	/** The history's rows as text, newest first (a row's cells joined by " | "). */
	private List<String> rows() {
		return gridRows("deployment-grid", 7);
	}

	private List<String> steps() {
		return gridRows("deployment-steps", 4);
	}

	@SuppressWarnings("unchecked")
	private List<String> gridRows(String id, int columns) {
		browser.settle();
		return (List<String>) browser.js("""
				const grid = document.getElementById(arguments[0]);
				const cells = [...grid.querySelectorAll('vaadin-grid-cell-content')]
				  .filter(c => c.assignedSlot && !c.assignedSlot.parentElement.closest('thead'))
				  .map(c => ({text: c.textContent.trim(), row: c.assignedSlot.parentElement.closest('tr')}));
				const rows = new Map();
				for (const c of cells) {
				  if (!c.row || c.row.hidden || c.row.parentElement.tagName !== 'TBODY') continue;
				  const index = c.row.__index !== undefined ? c.row.__index : c.row.index;
				  if (!rows.has(c.row)) rows.set(c.row, {index, texts: []});
				  rows.get(c.row).texts.push(c.text);
				}
				return [...rows.values()].filter(r => r.index !== undefined).sort((a, b) => a.index - b.index)
				  .map(r => r.texts.join(' | '));
				""", id);
	}
}
