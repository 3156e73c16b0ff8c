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
import io.cirrus.test.HttpReceiver;
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

	@Test
	void recipientsAreShownByNameAndASentTestSaysWhatHappened() {
		String dev = Keycloak.token("acme-dev");
		String title = "Named " + UUID.randomUUID().toString().substring(0, 8);
		Api.post("/api/v1/notifications", dev, Api.json(Map.of("recipients", List.of("user:acme-viewer"), "channels",
				List.of("inbox"), "title", title)));
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String url = receiver.url("/hook-" + UUID.randomUUID().toString().substring(0, 6));
			Api.Answer registered = Api.post("/api/v1/webhooks", dev, Api.json(Map.of("url", url, "description", "browser test")));
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			String endpoint = registered.json().at("/endpoint/id").asString();

			browser.signIn("acme-dev");
			browser.open("/notifications");
			browser.waitUntil(d -> d.findElement(By.id("history")).getText().contains(title));
			// The newest notification comes first: its recipients are people, by username, not user:<id>.
			browser.waitUntil(d -> {
				var buttons = d.findElements(By.xpath("//vaadin-button[normalize-space()='Recipients']"));
				if (buttons.isEmpty()) {
					return false;
				}
				buttons.getFirst().click();
				return true;
			});
			String recipients = browser.waitUntil(d -> {
				String text = d.findElement(By.id("recipients-grid")).getText();
				return text.contains("acme-viewer") ? text : null;
			});
			assertThat(recipients).doesNotContain("user:");

			browser.open("/webhooks");
			browser.waitUntil(d -> d.findElement(By.id("webhook-grid")).getText().contains(url));
			browser.waitFor(By.id("webhook-test-" + endpoint)).click();
			browser.waitUntil(d -> d.findElement(By.id("webhook-test-result")).getText().startsWith("Test delivered to " + url));
			assertThat(receiver.requests()).isPositive();

			// Rotating shows the new secret once and says until when the previous one still signs.
			browser.waitFor(By.id("webhook-rotate-" + endpoint)).click();
			String secret = browser.waitUntil(d -> {
				String value = d.findElement(By.id("secret-value")).getDomProperty("value");
				return value != null && value.startsWith("whsec_") ? value : null;
			});
			assertThat(browser.waitFor(By.id("secret-dialog")).getText()).contains("previous secret");
			browser.waitFor(By.id("secret-done")).click();
			int before = receiver.received().size();
			browser.waitFor(By.id("webhook-test-" + endpoint)).click();
			io.cirrus.test.Await.until("the test after the rotation", java.time.Duration.ofSeconds(30),
					() -> receiver.received().size() > before);
			HttpReceiver.Received event = receiver.received().getLast();
			assertThat(event.header("webhook-signature").split(" ")).hasSize(2)
				.startsWith(io.cirrus.shared.net.WebhookSigner.sign(secret, event.header("webhook-id"),
						Long.parseLong(event.header("webhook-timestamp")), event.body()));
		}
	}
}
