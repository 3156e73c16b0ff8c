package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.cirrus.test.Api;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/** The bell and the inbox in headless Chromium, signed in through Keycloak. */
@CirrusIntegrationTest
class NotificationBrowserTests extends BrowserTest {

	@Test
	void bellCountsANewNotificationLiveAndTheInboxMarksItRead() {
		String viewer = Keycloak.token("acme-viewer");
		Api.post("/api/v1/inbox/read-all", viewer, "");
		browser.signIn("acme-viewer");
		browser.waitFor(By.id("bell"));
		assertThat(browser.findAll(By.cssSelector("#bell-count")).stream().filter(e -> e.isDisplayed()).toList()).isEmpty();

		String title = "Live " + UUID.randomUUID().toString().substring(0, 8);
		Api.Answer sent = Api.post("/api/v1/notifications", Keycloak.token("acme-dev"), Api.json(Map.of("recipients",
				List.of("user:acme-viewer"), "channels", List.of("inbox"), "title", title, "priority", "urgent")));
		assertThat(sent.status()).as(sent.body()).isEqualTo(202);
		// No reload: the count arrives through server push.
		browser.waitUntil(d -> d.findElement(By.id("bell-count")).getText().equals("1"));

		browser.waitFor(By.id("bell")).click();
		browser.waitUntil(d -> d.findElement(By.id("inbox-grid")).getText().contains(title));
		browser.waitFor(By.cssSelector(".inbox-mark-read")).click();
		browser.waitUntil(d -> !d.findElement(By.id("bell-count")).isDisplayed());
		assertThat(Api.get("/api/v1/inbox/unread-count", viewer).json().get("unread").asInt()).isZero();
	}
}
