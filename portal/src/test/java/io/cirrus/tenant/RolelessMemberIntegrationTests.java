package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * A member of a Keycloak organization who holds no Cirrus role learns that about itself and can read nothing: every
 * API path but {@code /api/v1/me} answers 403 saying what to ask for, and the portal offers Home alone, which says
 * the same.
 */
@CirrusIntegrationTest
class RolelessMemberIntegrationTests extends BrowserTest {

	/** Reads that once only needed a signed-in user, and a few that always needed a role. */
	static final List<String> READS = List.of("/api/v1/inbox", "/api/v1/inbox/unread-count", "/api/v1/notifications/subscriptions",
			"/api/v1/tenant/settings", "/api/v1/alarms", "/api/v1/devices", "/api/v1/apps", "/api/v1/dashboards",
			"/api/v1/health/tenant");

	@Test
	void aMemberWithoutARoleReadsOnlyWhoItIs() {
		Keycloak.TemporaryOrganization organization = Keycloak.createOrganization("Roleless", "no-such-role");
		try {
			String token = Keycloak.token(organization.username());
			JsonNode me = Api.get("/api/v1/me", token).json();
			assertThat(me.get("tenant").get("alias").asString()).isEqualTo(organization.alias());
			assertThat(me.get("roles").isEmpty()).as(me.toString()).isTrue();

			String viewer = Keycloak.token("acme-viewer");
			for (String path : READS) {
				Answer refused = Api.get(path, token);
				assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(403);
				assertThat(refused.header("Content-Type")).as(path).startsWith("application/problem+json");
				assertThat(refused.json().get("detail").asString()).as(path).contains("no Cirrus role");
				// The same path is no 403 for a member with a role: the refusal is about the role, not the path.
				assertThat(Api.get(path, viewer).status()).as(path + " as a viewer").isNotEqualTo(403);
			}
			Answer write = Api.post("/api/v1/inbox/read-all", token, "{}");
			assertThat(write.status()).as(write.body()).isEqualTo(403);

			browser.signIn(organization.username());
			browser.open("/");
			assertThat(browser.waitFor(By.id("home-no-role")).getText()).contains("no Cirrus role yet");
			// Home is the only view offered: no other entry in the navigation.
			List<String> offered = browser.waitUntil(d -> {
				List<String> items = d.findElements(By.cssSelector("#side-nav vaadin-side-nav-item")).stream()
					.map(e -> e.getText().strip()).filter(t -> !t.isEmpty()).toList();
				return items.isEmpty() ? null : items;
			});
			assertThat(offered).containsExactly("Home");
			browser.open("/inbox");
			assertThat(browser.waitFor(By.id("access-denied")).getText()).contains("Access denied");
			assertThat(browser.findAll(By.id("inbox-grid"))).isEmpty();
		}
		finally {
			Keycloak.deleteOrganization(organization);
		}
	}
}
