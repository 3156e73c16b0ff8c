package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cirrus.test.Api;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/**
 * A tenant admin makes an API client in the portal, copies its secret from the dialog that shows it once, and the
 * machine gets tokens with it; a new secret replaces it; deleting the client removes it from the list.
 */
@CirrusIntegrationTest
class ApiClientsBrowserTests extends BrowserTest {

	@Test
	void aTenantAdminCreatesAnApiClientWhoseSecretIsShownOnceAndWorksThenReplacesItAndDeletesIt() {
		String name = "Gateway " + UUID.randomUUID().toString().substring(0, 6);
		browser.signIn("acme-admin");
		browser.viewport(1280, 900);
		browser.open("/api-clients");
		browser.waitFor(By.id("api-client-grid"));
		assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("API clients");

		browser.waitFor(By.cssSelector("#api-client-name input")).sendKeys(name);
		browser.waitFor(By.id("api-client-create")).click();
		String secret = shownSecret();
		Browser.Box field = browser.box("#secret-value");
		assertThat(field.width()).as("the secret is readable in full width").isGreaterThan(300);
		assertThat(field.right()).as("inside the window").isLessThanOrEqualTo(1280);
		String text = browser.waitFor(By.id("secret-dialog")).getText();
		assertThat(text).contains("shown only this once").contains("acts as viewer");
		String clientId = text.replaceAll("(?s).*The client id is (\\S+);.*", "$1");
		assertThat(clientId).startsWith("acme-gateway-");
		// The secret as shown is the one the machine uses.
		assertThat(Api.get("/api/v1/devices", Keycloak.clientToken(clientId, secret)).status()).isEqualTo(200);
		browser.waitFor(By.id("secret-done")).click();
		browser.settle();
		assertThat(browser.waitFor(By.id("api-client-grid")).getText()).contains(name).contains(clientId).contains("viewer");

		WebElement rotate = browser.waitFor(By.cssSelector("[aria-label='New secret for " + name + "']"));
		rotate.click();
		browser.confirm("Replace secret");
		String renewed = shownSecret();
		assertThat(renewed).isNotEqualTo(secret);
		browser.waitFor(By.id("secret-done")).click();
		assertThat(Api.get("/api/v1/devices", Keycloak.clientToken(clientId, renewed)).status()).isEqualTo(200);

		browser.waitFor(By.cssSelector("[aria-label='Delete " + name + "']")).click();
		browser.confirm("Delete");
		browser.waitUntil(d -> !d.findElement(By.id("api-client-grid")).getText().contains(name));
	}

	private String shownSecret() {
		browser.waitFor(By.id("secret-dialog"));
		String value = browser.waitUntil(d -> {
			Object shown = browser.js("return document.querySelector('#secret-value') && document.querySelector('#secret-value').value");
			return shown instanceof String s && !s.isBlank() ? s : null;
		});
		return value;
	}
}
