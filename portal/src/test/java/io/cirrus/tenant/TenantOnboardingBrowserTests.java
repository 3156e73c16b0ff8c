package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Axe;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/**
 * A platform admin onboards a tenant from the platform page: the dialog says what is wrong with a field or with the
 * request, then shows the temporary password once; the new admin signs in with it, sets a password on Keycloak's
 * page and lands in the portal as the tenant's admin.
 */
@CirrusIntegrationTest
class TenantOnboardingBrowserTests extends BrowserTest {

	@Test
	void platformAdminOnboardsATenantAndItsAdminSignsInAndSetsAPassword() {
		String alias = "initech-" + UUID.randomUUID().toString().substring(0, 6);
		String username = alias + "-admin";
		try {
			browser.signIn("platform-admin");
			browser.viewport(1280, 900);
			browser.open("/platform");
			WebElement onboard = browser.waitFor(By.id("onboard-tenant"));
			browser.js("arguments[0].scrollIntoView({block: 'center'})", onboard);
			browser.settle();
			onboard.click();
			browser.waitFor(By.id("onboard-name"));

			type("onboard-name", "Initech " + alias);
			type("onboard-alias", alias);
			type("onboard-admin-email", "not-an-address");
			type("onboard-admin-username", username);
			type("onboard-admin-first-name", "Bill");
			type("onboard-admin-last-name", "Lumbergh");
			submit();
			// A bad field: its message under the field itself.
			WebElement email = browser.driver().findElement(By.id("onboard-admin-email"));
			browser.waitUntil(d -> Boolean.TRUE.equals(email.getDomProperty("invalid") != null
					&& Boolean.parseBoolean(email.getDomProperty("invalid"))));
			assertThat(email.getDomProperty("errorMessage")).isEqualTo("Admin e-mail is not an e-mail address.");
			assertThat(email.getText()).contains("is not an e-mail address");

			// The dialog is laid out in two columns that do not overlap, inside the window.
			Browser.Box name = browser.box("#onboard-name");
			Browser.Box aliasBox = browser.box("#onboard-alias");
			assertThat(name.width()).as("the name field").isGreaterThan(200);
			assertThat(name.right()).as("name beside alias").isLessThanOrEqualTo(aliasBox.left());
			assertThat(Math.abs(name.top() - aliasBox.top())).as("name and alias on one row").isLessThan(2);
			Browser.Box submit = browser.box("#onboard-submit");
			assertThat(submit.bottom()).as("the Onboard button is inside the window").isLessThanOrEqualTo(900);
			assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
			browser.capture("onboard-tenant-dialog");

			// A taken alias: the request's problem, readable, above the buttons.
			clear("onboard-admin-email");
			type("onboard-admin-email", username + "@initech.example");
			clear("onboard-alias");
			type("onboard-alias", "acme");
			submit();
			WebElement error = browser.waitFor(By.id("onboard-error"));
			assertThat(error.getText()).isEqualTo("A tenant with the alias 'acme' exists already.");
			assertThat(Boolean.parseBoolean(email.getDomProperty("invalid"))).as("the e-mail is fine now").isFalse();

			clear("onboard-alias");
			type("onboard-alias", alias);
			submit();
			WebElement secret = browser.waitFor(By.id("secret-value"));
			String temporary = secret.getDomProperty("value");
			assertThat(temporary).hasSize(16);
			assertThat(browser.waitFor(By.id("secret-dialog")).getText()).contains("shown only now");
			assertThat(browser.findAll(By.id("copy-secret"))).hasSize(1);
			assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
			browser.capture("onboard-tenant-password");
			browser.driver().findElement(By.id("secret-done")).click();
			browser.waitUntil(d -> d.findElement(By.id("tenants")).getText().contains(alias));

			try (Browser newAdmin = new Browser()) {
				newAdmin.signInWithTemporaryPassword(username, temporary, "initech-password-1");
				newAdmin.open("/settings");
				WebElement displayName = newAdmin.waitFor(By.id("settings-display-name"));
				assertThat(displayName.getDomProperty("value")).isEqualTo("Initech " + alias);
				assertThat(newAdmin.waitFor(By.id("side-nav")).getText()).contains("Settings").doesNotContain("Platform");
			}
			assertThat(Keycloak.token("cirrus-cli", username, "initech-password-1")).isNotBlank();
		}
		finally {
			Keycloak.deleteOnboarded(alias, username);
		}
	}

	private void type(String id, String text) {
		browser.waitFor(By.id(id)).findElement(By.tagName("input")).sendKeys(text);
	}

	private void clear(String id) {
		WebElement input = browser.waitFor(By.id(id)).findElement(By.tagName("input"));
		input.clear();
		browser.js("arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", input);
	}

	private void submit() {
		browser.driver().findElement(By.id("onboard-submit")).click();
		browser.settle();
	}
}
