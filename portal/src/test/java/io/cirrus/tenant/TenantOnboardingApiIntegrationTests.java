package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * Onboarding a tenant through {@code POST /api/v1/admin/tenants} against the real Keycloak: the organization, its
 * admin with a temporary password and the tenant-admin role, the tenant's row; bad input, taken names, a failure half
 * way that leaves nothing behind, and the roles that may not onboard.
 */
@CirrusIntegrationTest
class TenantOnboardingApiIntegrationTests {

	private static final String TENANTS = "/api/v1/admin/tenants";

	@Test
	void platformAdminOnboardsATenantWhoseAdminSignsInWithTheTenantAdminRole() {
		String alias = "onb-" + UUID.randomUUID().toString().substring(0, 8);
		String username = alias + "-admin";
		try {
			Answer created = Api.post(TENANTS, Keycloak.token("platform-admin"), Api.json(request(alias, username)));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			JsonNode body = created.json();
			String tenantId = body.get("tenant").get("id").asString();
			assertThat(created.header("Location")).isEqualTo(TENANTS + "/" + tenantId);
			assertThat(body.get("tenant").get("alias").asString()).isEqualTo(alias);
			assertThat(body.get("tenant").get("name").asString()).isEqualTo("Onboarded " + alias);
			assertThat(body.get("adminUsername").asString()).isEqualTo(username);
			String temporary = body.get("temporaryPassword").asString();
			assertThat(temporary).hasSize(16);

			// Keycloak: the organization Cirrus recorded, the admin its member with the role and a password to change.
			String organizationId = Keycloak.organizationId(alias).orElseThrow();
			assertThat(body.get("tenant").get("keycloakOrgId").asString()).isEqualTo(organizationId);
			assertThat(Keycloak.memberUsernames(organizationId)).containsExactly(username);
			String userId = Keycloak.userId(username).orElseThrow();
			assertThat(body.get("adminUserId").asString()).isEqualTo(userId);
			Keycloak.UserState user = Keycloak.user(userId);
			assertThat(user.realmRoles()).contains("tenant-admin").doesNotContain("platform-admin");
			assertThat(user.requiredActions()).containsExactly("UPDATE_PASSWORD");

			// Keycloak 26 refuses a password grant while a required action is pending: the browser login asks for
			// the new password instead (the browser test goes through it).
			HttpResponse<String> refused = Keycloak.passwordGrant(username, temporary);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(refused.body()).contains("invalid_grant").contains("Account is not fully set up");

			Keycloak.setPassword(userId, "a-new-password-1");
			String token = Keycloak.token("cirrus-cli", username, "a-new-password-1");
			JsonNode me = Api.get("/api/v1/me", token).json();
			assertThat(me.get("tenant").get("alias").asString()).isEqualTo(alias);
			assertThat(me.get("tenant").get("id").asString()).isEqualTo(tenantId);
			assertThat(me.get("roles").toString()).isEqualTo("[\"tenant-admin\"]");

			// The new tenant starts empty: none of acme's devices, and acme's settings are not its settings.
			JsonNode devices = Api.get("/api/v1/devices", token).json();
			assertThat(devices.get("items").isEmpty()).as(devices.toString()).isTrue();
			assertThat(Api.get("/api/v1/tenant/settings", token).json().toString()).contains("Onboarded " + alias);

			JsonNode listed = Api.get(TENANTS, Keycloak.token("platform-admin")).json();
			assertThat(listed.findValuesAsString("alias")).contains(alias, "acme");
		}
		finally {
			Keycloak.deleteOnboarded(alias, username);
		}
	}

	@Test
	void aTakenAliasIsAConflict() {
		Answer taken = Api.post(TENANTS, Keycloak.token("platform-admin"), Api.json(request("acme", "not-created-user")));
		assertThat(taken.status()).as(taken.body()).isEqualTo(409);
		assertThat(taken.header("Content-Type")).startsWith("application/problem+json");
		assertThat(taken.json().get("detail").asString()).contains("alias 'acme' exists already");
		assertThat(Keycloak.userId("not-created-user")).isEmpty();
	}

	@Test
	void badInputAnswers400NamingTheField() {
		String token = Keycloak.token("platform-admin");
		String alias = "onb-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> badEmail = request(alias, alias + "-admin");
		badEmail.put("adminEmail", "not-an-address");
		assertField(Api.post(TENANTS, token, Api.json(badEmail)), "adminEmail", "is not an e-mail address");

		Map<String, Object> badAlias = request("Bad_Alias", "bad-alias-admin");
		assertField(Api.post(TENANTS, token, Api.json(badAlias)), "alias", "lower-case letters");

		Map<String, Object> noName = request(alias, alias + "-admin");
		noName.remove("name");
		assertField(Api.post(TENANTS, token, Api.json(noName)), "name", "is required");

		Map<String, Object> noLastName = request(alias, alias + "-admin");
		noLastName.put("adminLastName", " ");
		assertField(Api.post(TENANTS, token, Api.json(noLastName)), "adminLastName", "is required");

		Answer malformed = Api.post(TENANTS, token, "{\"name\": ");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");

		assertThat(Keycloak.organizationId(alias)).isEmpty();
		assertThat(Keycloak.organizationId("bad_alias")).isEmpty();
	}

	@Test
	void aFailureHalfWayLeavesNoOrganizationNorTenant() {
		String alias = "onb-" + UUID.randomUUID().toString().substring(0, 8);
		// acme-admin exists: the organization is created first, then the user is refused.
		Answer refused = Api.post(TENANTS, Keycloak.token("platform-admin"), Api.json(request(alias, "acme-admin")));
		try {
			assertThat(refused.status()).as(refused.body()).isEqualTo(409);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").asString()).contains("username 'acme-admin'");
			assertThat(Keycloak.organizationId(alias)).as("the organization made before the user was refused").isEmpty();
			assertThat(Api.get(TENANTS, Keycloak.token("platform-admin")).json().findValuesAsString("alias"))
				.doesNotContain(alias);
			// acme-admin itself is untouched.
			assertThat(Keycloak.token("acme-admin")).isNotBlank();
		}
		finally {
			Keycloak.organizationId(alias).ifPresent(id -> Keycloak.deleteOnboarded(alias, alias + "-nobody"));
		}
	}

	@Test
	void tenantAdminsDevelopersAndViewersMayNotOnboardNorList() {
		String alias = "onb-" + UUID.randomUUID().toString().substring(0, 8);
		for (String user : List.of("acme-admin", "acme-dev", "acme-viewer", "globex-admin")) {
			String token = Keycloak.token(user);
			Answer onboard = Api.post(TENANTS, token, Api.json(request(alias, alias + "-admin")));
			assertThat(onboard.status()).as(user + ": " + onboard.body()).isEqualTo(403);
			assertThat(onboard.header("Content-Type")).as(user).startsWith("application/problem+json");
			assertThat(Api.get(TENANTS, token).status()).as(user).isEqualTo(403);
		}
		assertThat(Api.post(TENANTS, null, Api.json(request(alias, alias + "-admin"))).status()).isEqualTo(401);
		assertThat(Keycloak.organizationId(alias)).isEmpty();
		assertThat(Keycloak.userId(alias + "-admin")).isEmpty();
	}

	@Test
	void theOpenApiDocumentNamesEveryAnswerOfOnboarding() {
		JsonNode post = Api.get("/v3/api-docs", null).json().at("/paths/~1api~1v1~1admin~1tenants/post");
		assertThat(post.get("responses").propertyNames()).containsExactlyInAnyOrder("201", "400", "401", "403", "409");
		assertThat(post.at("/responses/409/content").propertyNames()).containsExactly("application/problem+json");
	}

	private static void assertField(Answer answer, String field, String message) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		JsonNode error = answer.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo(field);
		assertThat(error.get("message").asString()).contains(message);
	}

	static Map<String, Object> request(String alias, String username) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("name", "Onboarded " + alias);
		request.put("alias", alias);
		request.put("adminEmail", username + "@" + alias.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".example");
		request.put("adminUsername", username);
		request.put("adminFirstName", "Ada");
		request.put("adminLastName", "Admin");
		return request;
	}
}
