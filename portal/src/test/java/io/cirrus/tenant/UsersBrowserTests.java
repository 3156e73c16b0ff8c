package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Axe;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/**
 * A tenant admin invites a user in the portal (the temporary password shown once), changes their role, disables
 * them, and is told, not obeyed, when removing the tenant's last admin.
 */
@CirrusIntegrationTest
class UsersBrowserTests extends BrowserTest {

	@Test
	void aTenantAdminInvitesAUserChangesTheirRoleDisablesThemAndCannotRemoveTheLastAdmin() {
		Keycloak.TemporaryOrganization team = Keycloak.createOrganization("People", "tenant-admin");
		String invitee = "fox@" + team.alias() + ".example";
		try {
			browser.signIn(team.username());
			browser.viewport(1280, 900);
			browser.open("/users");
			browser.waitFor(By.id("user-grid"));
			assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Users");

			// A bad address is said under the field.
			type("invite-email", "not-an-address");
			type("invite-first-name", "Fox");
			type("invite-last-name", "Mulder");
			browser.waitFor(By.id("invite-user")).click();
			WebElement email = browser.waitFor(By.id("invite-email"));
			browser.waitUntil(d -> "true".equals(String.valueOf(email.getDomProperty("invalid"))));
			assertThat(email.getDomProperty("errorMessage")).contains("is not an e-mail address");

			WebElement input = browser.waitFor(By.cssSelector("#invite-email input"));
			input.sendKeys(Keys.chord(Keys.CONTROL, "a"), invitee);
			browser.waitFor(By.id("invite-user")).click();
			browser.waitFor(By.id("secret-dialog"));
			String password = (String) browser.waitUntil(d -> {
				Object value = browser.js("return document.querySelector('#secret-value').value");
				return value instanceof String s && !s.isBlank() ? s : null;
			});
			assertThat(password).hasSize(16);
			assertThat(Keycloak.passwordGrant(invitee, password).body()).contains("Account is not fully set up");
			browser.waitFor(By.id("secret-done")).click();
			browser.settle();
			assertThat(row(invitee)).contains("Fox Mulder").contains("Enabled");

			// Role: viewer (the default) to developer, in Keycloak at once.
			String id = Keycloak.userId(invitee).orElseThrow();
			WebElement role = browser.waitFor(By.cssSelector("#user-role-" + id + " input"));
			assertThat(browser.waitFor(By.id("user-role-" + id)).getDomProperty("accessibleName"))
				.as("the role picker names whose role it is").isEqualTo("Role of " + invitee);
			role.click();
			browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-combo-box-item")).stream()
				.filter(item -> item.isDisplayed() && item.getText().strip().equals("developer"))
				.findFirst()
				.orElse(null)).click();
			browser.waitUntil(d -> Keycloak.user(id).realmRoles().contains("developer") ? true : null);
			assertThat(Keycloak.user(id).realmRoles()).doesNotContain("viewer");

			browser.waitFor(By.cssSelector("vaadin-button[aria-label='Disable " + invitee + "']")).click();
			browser.confirm("Disable");
			browser.waitUntil(d -> row(invitee).contains("Disabled") ? true : null);
			assertThat(Keycloak.passwordGrant(invitee, password).statusCode()).isEqualTo(400);

			// The last admin cannot remove themselves: the page says why and what to do.
			WebElement remove = browser.waitFor(By.cssSelector("vaadin-button[aria-label='Remove " + team.username() + "']"));
			Browser.Box button = browser.box("vaadin-button[aria-label='Remove " + team.username() + "']");
			Browser.Box grid = browser.box("#user-grid");
			assertThat(button.right()).as("the row's actions are inside the grid at 1,280 px, no sideways scrolling")
				.isLessThanOrEqualTo(grid.right());
			remove.click();
			browser.confirm("Remove");
			String refusal = (String) browser.waitUntil(d -> browser.js("""
					return Array.from(document.querySelectorAll('vaadin-notification-card')).map(n => n.innerText)
					  .find(text => text.includes('tenant admin')) || null;"""));
			assertThat(refusal).contains("no tenant admin left").contains("Make another user a tenant admin first");
			assertThat(row(team.username())).contains("Enabled");
			assertThat(Keycloak.user(team.userId()).realmRoles()).contains("tenant-admin");
			assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
		}
		finally {
			Keycloak.userId(invitee).ifPresent(Keycloak::deleteUser);
			Keycloak.deleteOrganization(team);
		}
	}

	private void type(String id, String text) {
		browser.waitFor(By.cssSelector("#" + id + " input")).sendKeys(text);
	}

	/** The text of the grid row of a user (its cells joined). */
	private String row(String username) {
		@SuppressWarnings("unchecked")
		List<String> rows = (List<String>) browser.js("""
				const grid = document.getElementById('user-grid');
				const cells = Array.from(grid.querySelectorAll('vaadin-grid-cell-content'));
				return cells.map(c => c.innerText.trim());""");
		int at = rows.indexOf(username);
		return at < 0 ? "" : String.join(" | ", rows.subList(at, Math.min(rows.size(), at + 6)));
	}
}
