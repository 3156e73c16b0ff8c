package io.cirrus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The API accepts Keycloak access tokens of the realm and nothing else. */
@CirrusIntegrationTest
class ApiAuthenticationIntegrationTests {

	@Test
	void noTokenIsUnauthorized() {
		Answer answer = Api.get("/api/v1/me", null);
		assertUnauthorized(answer);
		// RFC 6750 3.1: no error code when the request carried no credentials.
		assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void garbageTokenIsUnauthorized() {
		assertUnauthorized(Api.get("/api/v1/me", "garbage"));
		assertUnauthorized(Api.get("/api/v1/me", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
	}

	@Test
	void tamperedTokenIsUnauthorized() {
		String token = Keycloak.token("acme-viewer");
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("viewer", "tenant-admin");
		String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
				+ parts[2];
		assertUnauthorized(Api.get("/api/v1/me", forged));
	}

	@Test
	void expiredTokenIsUnauthorized() throws InterruptedException {
		// cirrus-expiry-probe issues tokens that live one second; the resource server allows 10 s of clock skew.
		String token = Keycloak.token("cirrus-expiry-probe", "acme-admin", Keycloak.PASSWORD);
		Instant expiry = Instant.ofEpochSecond(claims(token).get("exp").asLong());
		Thread.sleep(Duration.between(Instant.now(), expiry.plusSeconds(11)).toMillis());
		Answer answer = Api.get("/api/v1/me", token);
		assertUnauthorized(answer);
		assertThat(answer.json().get("detail").asString()).contains("expired");
	}

	@Test
	void validTokenNamesTheUserTenantAndRoles() {
		JsonNode me = Api.get("/api/v1/me", Keycloak.token("acme-dev")).json();
		assertThat(me.get("username").asString()).isEqualTo("acme-dev");
		assertThat(me.get("tenant").get("alias").asString()).isEqualTo("acme");
		assertThat(me.get("roles").valueStream().map(JsonNode::asString)).containsExactly("developer");
	}

	@Test
	void platformAdminHasNoTenant() {
		JsonNode me = Api.get("/api/v1/me", Keycloak.token("platform-admin")).json();
		assertThat(me.get("tenant").isNull()).isTrue();
		assertThat(me.get("roles").valueStream().map(JsonNode::asString)).containsExactly("platform-admin");
	}

	private static void assertUnauthorized(Answer answer) {
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().get("type").asString()).isEqualTo("https://cirrus.io/problems/unauthorized");
	}

	private static JsonNode claims(String token) {
		return JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}
}
