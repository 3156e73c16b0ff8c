package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cirrus.tenant.internal.TenantStore;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant is bound to its Keycloak organization's id: an organization deleted and made again with the same alias
 * is another organization, and its members never reach the old tenant's data.
 */
@CirrusIntegrationTest
class OrganizationBindingIntegrationTests {

	@Autowired
	TenantStore tenants;

	@Test
	void aNewOrganizationReusingADeletedOnesAliasNeverReachesItsTenant() {
		String alias = "r-" + UUID.randomUUID().toString().substring(0, 8);
		Keycloak.TemporaryOrganization first = Keycloak.createOrganization("Reused", "developer", alias);
		Keycloak.TemporaryOrganization second = null;
		try {
			String token = Keycloak.token(first.username());
			assertThat(claims(token).get("organization_ids").get(alias).get("id").asString())
				.as("the token names the organization's id").isEqualTo(first.id());
			Answer registered = Api.post("/api/v1/devices", token, "{\"name\": \"left behind\"}");
			assertThat(registered.status()).isEqualTo(201);
			assertThat(tenants.findByAlias(alias).orElseThrow().keycloakOrgId()).isEqualTo(first.id());

			// The organization is deleted in Keycloak (the tenant stays in Cirrus) and another is made with its alias.
			Keycloak.deleteOrganization(first);
			second = Keycloak.createOrganization("Reused again", "developer", alias);
			String intruder = Keycloak.token(second.username());
			assertThat(claims(intruder).get("organization_ids").get(alias).get("id").asString()).isEqualTo(second.id());

			Answer devices = Api.get("/api/v1/devices", intruder);
			assertThat(devices.status()).isEqualTo(403);
			assertThat(devices.contentType()).startsWith("application/problem+json");
			assertThat(devices.json().get("detail").asString())
				.contains("'" + alias + "' is not the one this Cirrus tenant belongs to")
				.doesNotContain(first.id());
			assertThat(Api.get("/api/v1/devices/" + registered.json().get("device").get("id").asString(), intruder).status()).isEqualTo(403);
			assertThat(tenants.findByAlias(alias).orElseThrow().keycloakOrgId()).as("never rebound").isEqualTo(first.id());
		}
		finally {
			if (second != null) {
				Keycloak.deleteOrganization(second);
			}
			else {
				Keycloak.deleteOrganization(first);
			}
		}
	}

	private static JsonNode claims(String token) {
		String payload = token.split("\\.")[1];
		return JsonMapper.builder().build().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
	}
}
