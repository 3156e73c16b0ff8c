package io.cirrus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;
import tools.jackson.databind.JsonNode;

/** The API is documented at /v3/api-docs and Swagger UI signs in with Keycloak. */
@CirrusIntegrationTest
class OpenApiIntegrationTests {

	@Test
	void documentListsTheApiAndKeycloakAsItsSecurityScheme() {
		JsonNode document = Api.get("/v3/api-docs", null).json();
		assertThat(document.get("paths").propertyNames()).contains("/api/v1/me", "/api/v1/tenant/settings");
		JsonNode flow = document.at("/components/securitySchemes/keycloak/flows/authorizationCode");
		assertThat(flow.get("authorizationUrl").asString())
			.isEqualTo("http://localhost:8180/realms/cirrus/protocol/openid-connect/auth");
	}

	@Test
	void swaggerUiUsesThePublicClientWithPkce() {
		Api.Answer initializer = Api.get("/swagger-ui/swagger-initializer.js", null);
		assertThat(initializer.status()).isEqualTo(200);
		assertThat(initializer.body()).contains("\"clientId\":\"cirrus-swagger\"", "\"usePkceWithAuthorizationCodeGrant\":true");
	}
}
