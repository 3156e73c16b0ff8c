package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cirrus.tenant.internal.TenantStore;
import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** A Keycloak organization Cirrus has never seen becomes a tenant when one of its members first signs in. */
@CirrusIntegrationTest
class FirstSignInIntegrationTests {

	@Autowired
	TenantStore tenants;

	@Test
	void organizationBecomesATenantOnFirstSignIn() {
		Keycloak.TemporaryOrganization organization = Keycloak.createOrganization("Initech", "viewer");
		try {
			assertThat(tenants.findByAlias(organization.alias())).isEmpty();

			String token = Keycloak.token(organization.username());
			JsonNode me = Api.get("/api/v1/me", token).json();

			assertThat(me.get("tenant").get("alias").asString()).isEqualTo(organization.alias());
			assertThat(me.get("tenant").get("name").asString()).isEqualTo(organization.name());
			Tenant tenant = tenants.findByAlias(organization.alias()).orElseThrow();
			assertThat(tenant.keycloakOrgId()).isEqualTo(organization.id());
			JsonNode settings = Api.get("/api/v1/tenant/settings", token).json();
			assertThat(settings.get("displayName").asString()).isEqualTo(organization.name());
		}
		finally {
			Keycloak.deleteOrganization(organization);
		}
	}
}
