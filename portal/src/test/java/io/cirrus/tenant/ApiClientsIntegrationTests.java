package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * A tenant admin's API clients on the real Keycloak: the client's own tokens act on the API as its role of its
 * tenant, a replaced secret and a deleted client are refused at once, no client can be a platform admin, and another
 * tenant (or a developer) can neither see nor touch them.
 */
@CirrusIntegrationTest
class ApiClientsIntegrationTests {

	@Test
	void aTenantAdminsApiClientActsAsItsRoleOfItsTenantUntilItsSecretIsReplacedOrItIsDeleted() {
		String admin = Keycloak.token("acme-admin");
		Answer created = Api.post("/api/v1/api-clients", admin, "{\"name\": \"Line 3 PLC\", \"role\": \"developer\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode body = created.json();
		String id = body.get("client").get("id").asString();
		String clientId = body.get("client").get("clientId").asString();
		String secret = body.get("clientSecret").asString();
		assertThat(created.header("Location")).isEqualTo("/api/v1/api-clients/" + id);
		assertThat(clientId).startsWith("acme-line-3-plc-");
		assertThat(body.get("client").get("role").asString()).isEqualTo("developer");
		assertThat(body.get("client").get("createdBy").asString()).isEqualTo("acme-admin");
		assertThat(body.get("tokenUrl").asString()).isEqualTo(Keycloak.REALM + "/protocol/openid-connect/token");
		assertThat(secret).hasSizeGreaterThanOrEqualTo(20);
		try {
			// Listed and read without the secret.
			JsonNode listed = Api.get("/api/v1/api-clients", admin).json();
			assertThat(listed.findValuesAsString("clientId")).contains(clientId);
			assertThat(Api.get("/api/v1/api-clients/" + id, admin).body()).doesNotContain(secret).doesNotContain("clientSecret");

			// Its tokens act as a developer of Acme.
			String machine = Keycloak.clientToken(clientId, secret);
			JsonNode me = Api.get("/api/v1/me", machine).json();
			assertThat(me.get("tenant").get("alias").asString()).isEqualTo("acme");
			assertThat(me.get("roles").toString()).isEqualTo("[\"developer\"]");
			Answer device = Api.post("/api/v1/devices", machine, "{\"name\": \"plc-made\"}");
			assertThat(device.status()).as(device.body()).isEqualTo(201);
			assertThat(Api.get("/api/v1/api-clients", machine).status()).as("a developer manages no API clients").isEqualTo(403);
			// Another tenant's device is not found for it.
			DeviceApi.Registered globex = DeviceApi.register(Keycloak.token("globex-dev"), "globex-only");
			assertThat(Api.get("/api/v1/devices/" + globex.id(), machine).status()).isEqualTo(404);

			// A new secret: the old one is refused at once, the new one works.
			Answer rotated = Api.post("/api/v1/api-clients/" + id + "/secret", admin, "");
			assertThat(rotated.status()).isEqualTo(200);
			String renewed = rotated.json().get("clientSecret").asString();
			assertThat(renewed).isNotEqualTo(secret);
			assertThat(rotated.json().get("client").get("secretRotatedAt").isNull()).isFalse();
			assertThatThrownBy(() -> Keycloak.clientToken(clientId, secret)).hasMessageContaining("401");
			assertThat(Api.get("/api/v1/me", Keycloak.clientToken(clientId, renewed)).status()).isEqualTo(200);
		}
		finally {
			assertThat(Api.delete("/api/v1/api-clients/" + id, admin).status()).isEqualTo(204);
		}
		assertThat(Api.get("/api/v1/api-clients/" + id, admin).status()).isEqualTo(404);
		assertThat(Api.get("/api/v1/api-clients", admin).json().findValuesAsString("clientId")).doesNotContain(clientId);
	}

	@Test
	void noApiClientIsAPlatformAdminAndOnlyItsTenantsAdminsSeeOrTouchIt() {
		String admin = Keycloak.token("acme-admin");
		Answer platform = Api.post("/api/v1/api-clients", admin, "{\"name\": \"root\", \"role\": \"platform-admin\"}");
		assertThat(platform.status()).isEqualTo(400);
		assertThat(platform.contentType()).startsWith("application/problem+json");
		assertThat(platform.json().get("errors").get(0).get("field").asString()).isEqualTo("role");
		assertThat(platform.json().get("detail").asString()).contains("never as a platform admin");
		assertThat(Api.post("/api/v1/api-clients", admin, "{\"role\": \"viewer\"}").json().get("errors").get(0).get("field")
			.asString()).isEqualTo("name");
		assertThat(Api.post("/api/v1/api-clients", Keycloak.token("acme-dev"), "{\"name\": \"mine\", \"role\": \"viewer\"}")
			.status()).as("developers make no API clients").isEqualTo(403);

		Answer created = Api.post("/api/v1/api-clients", admin, "{\"name\": \"Reader\", \"role\": \"viewer\"}");
		String id = created.json().get("client").get("id").asString();
		String clientId = created.json().get("client").get("clientId").asString();
		String secret = created.json().get("clientSecret").asString();
		try {
			String globexAdmin = Keycloak.token("globex-admin");
			assertThat(Api.get("/api/v1/api-clients/" + id, globexAdmin).status()).isEqualTo(404);
			assertThat(Api.post("/api/v1/api-clients/" + id + "/secret", globexAdmin, "").status()).isEqualTo(404);
			assertThat(Api.delete("/api/v1/api-clients/" + id, globexAdmin).status()).isEqualTo(404);
			assertThat(Api.get("/api/v1/api-clients", globexAdmin).json().findValuesAsString("clientId")).doesNotContain(clientId);
			// A viewer client reads but does not register devices.
			String machine = Keycloak.clientToken(clientId, secret);
			assertThat(Api.get("/api/v1/devices", machine).status()).isEqualTo(200);
			assertThat(Api.post("/api/v1/devices", machine, "{\"name\": \"not-allowed\"}").status()).isEqualTo(403);
		}
		finally {
			Api.delete("/api/v1/api-clients/" + id, admin);
		}
		// Deleted in Keycloak too: its secret no longer gets a token.
		assertThatThrownBy(() -> Keycloak.clientToken(clientId, secret)).hasMessageContaining("401");
	}
}
