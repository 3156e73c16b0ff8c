package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Api;
import io.cirrus.test.Axe;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/**
 * A platform admin suspends a tenant from the platform page (a reason is required, the dialog says so under the
 * field); the tenant's user, signed in already, lands on a page saying the organisation's access is suspended and
 * why, and so does one who signs in meanwhile; resumed from the same row, the user's portal is back.
 */
@CirrusIntegrationTest
class TenantSuspensionBrowserTests extends BrowserTest {

	static final String REASON = "Contract under review";

	@Test
	void platformAdminSuspendsATenantItsUserSeesTheSuspendedPageAndResumeBringsThePortalBack() {
		Keycloak.TemporaryOrganization organization = Keycloak.createOrganization("Paused", "developer");
		String tenantId = null;
		try (Browser user = new Browser()) {
			tenantId = Api.get("/api/v1/me", Keycloak.token(organization.username())).json().get("tenant").get("id").asString();
			user.signIn(organization.username());
			user.open("/devices");
			user.waitFor(By.id("side-nav"));

			browser.signIn("platform-admin");
			browser.viewport(1280, 900);
			browser.open("/platform");
			String alias = organization.alias();
			WebElement status = browser.waitFor(By.id("tenant-status-" + alias));
			browser.js("arguments[0].scrollIntoView({block: 'center'})", status);
			assertThat(status.getText()).isEqualTo("Active");
			WebElement suspend = browser.waitFor(By.id("suspend-" + alias));
			assertThat(suspend.getText()).isEqualTo("Suspend");
			assertThat(suspend.getDomAttribute("aria-label")).isEqualTo("Suspend " + organization.name());
			suspend.click();
			browser.waitFor(By.id("suspend-dialog"));
			assertThat(browser.waitFor(By.id("suspend-dialog")).getText()).contains("its apps stop until you resume it");

			// Without a reason: refused, said under the field.
			browser.waitFor(By.id("suspend-confirm")).click();
			WebElement reason = browser.driver().findElement(By.id("suspend-reason"));
			browser.waitUntil(d -> Boolean.parseBoolean(reason.getDomProperty("invalid")));
			assertThat(reason.getDomProperty("errorMessage")).isEqualTo("Reason is required: the tenant's users and devices are told it.");
			assertThat(reason.getText()).contains("Reason is required");
			assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
			browser.capture("suspend-tenant-dialog");

			reason.findElement(By.tagName("textarea")).sendKeys(REASON);
			browser.driver().findElement(By.id("suspend-confirm")).click();
			browser.waitUntil(d -> d.findElements(By.id("suspend-dialog")).isEmpty());
			browser.waitUntil(d -> d.findElement(By.id("tenant-status-" + alias)).getText().equals("Suspended: " + REASON));
			assertThat(browser.waitFor(By.id("resume-" + alias)).getText()).isEqualTo("Resume");

			// The user, signed in already, is shown the suspended page whatever they open: no navigation.
			user.open("/devices");
			WebElement page = user.waitFor(By.id("suspended"));
			assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Your organisation's access is suspended");
			assertThat(user.waitFor(By.id("suspended-reason")).getText()).contains(alias).contains("Reason: " + REASON);
			assertThat(user.waitFor(By.id("suspended-what-to-do")).getText()).contains("Ask your organisation's administrator");
			assertThat(user.findAll(By.id("side-nav"))).isEmpty();
			assertThat(user.findAll(By.id("devices"))).isEmpty();
			assertThat(user.currentUrl()).endsWith("/suspended");
			user.viewport(1280, 900);
			Browser.Box heading = user.box("#suspended h1");
			assertThat(heading.width()).isPositive();
			assertThat(heading.bottom()).as("the heading is inside the window").isLessThanOrEqualTo(900);
			assertThat(user.horizontalOverflow()).isZero();
			assertThat(Axe.check(user).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
			user.capture("tenant-suspended-page");

			// Resumed from the same row: the user's portal is back.
			browser.driver().findElement(By.id("resume-" + alias)).click();
			browser.waitUntil(d -> d.findElement(By.id("tenant-status-" + alias)).getText().equals("Active"));
			user.open("/suspended");
			user.waitFor(By.id("side-nav"));
			assertThat(user.findAll(By.id("suspended"))).isEmpty();
			user.open("/devices");
			user.waitFor(By.id("side-nav"));
			assertThat(user.findAll(By.id("suspended"))).isEmpty();
		}
		finally {
			if (tenantId != null) {
				Api.post("/api/v1/admin/tenants/" + tenantId + "/resume", Keycloak.token("platform-admin"), "");
			}
			Keycloak.deleteOrganization(organization);
		}
	}
}
