package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/**
 * A portal session follows Keycloak while it is open (the test profile checks it every 2 s of use, production every
 * minute): a role granted in Keycloak shows at the next page, and a user removed there is asked to sign in again.
 */
@CirrusIntegrationTest
class SessionFollowsKeycloakBrowserTests extends BrowserTest {

	@Test
	void aRoleGrantedInKeycloakAppliesWithoutSigningInAgainAndARemovedUserLosesTheOpenSession() throws Exception {
		Keycloak.TemporaryOrganization organization = Keycloak.createOrganization("Followers", "viewer");
		try {
			browser.signIn(organization.username());
			assertThat(menu()).as("a viewer's navigation").contains("Devices").doesNotContain("Settings");

			Keycloak.grantRole(organization.userId(), "developer");
			Thread.sleep(Duration.ofMillis(2500));
			browser.open("/settings");
			WebElement name = browser.waitFor(By.cssSelector("#settings-display-name input"));
			assertThat(name.isDisplayed()).as("the settings a developer may open").isTrue();
			assertThat(menu()).as("a developer's navigation").contains("Settings");

			Keycloak.deleteUser(organization.userId());
			Thread.sleep(Duration.ofMillis(2500));
			browser.open("/devices");
			browser.waitFor(By.id("username"));
			assertThat(browser.currentUrl()).as("Keycloak's sign-in page, not the portal")
				.contains("/realms/cirrus/protocol/openid-connect/auth");
			assertThat(browser.findAll(By.id("side-nav"))).isEmpty();
		}
		finally {
			Keycloak.deleteOrganization(organization); // its member too, unless the test removed it
		}
	}

	private String menu() {
		return browser.waitFor(By.id("side-nav")).getText();
	}
}
