package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * A tenant admin manages the tenant's users on the real Keycloak: invite with a role and a temporary password,
 * change the role, disable and enable, remove. Nobody grants platform-admin, reaches another tenant's users, or
 * leaves the tenant without a tenant admin; developers manage no users.
 */
@CirrusIntegrationTest
class TenantUsersIntegrationTests {

	@Test
	void aTenantAdminInvitesAUserChangesTheirRoleDisablesEnablesAndRemovesThem() {
		Keycloak.TemporaryOrganization team = Keycloak.createOrganization("Team", "tenant-admin");
		try {
			String admin = Keycloak.token(team.username());
			Answer invited = Api.post("/api/v1/users", admin, """
					{"email": "Dana@%s.example", "firstName": "Dana", "lastName": "Scully", "role": "developer"}
					""".formatted(team.alias()));
			assertThat(invited.status()).as(invited.body()).isEqualTo(201);
			JsonNode user = invited.json().get("user");
			String id = user.get("id").asString();
			String username = "dana@" + team.alias() + ".example";
			assertThat(invited.header("Location")).isEqualTo("/api/v1/users/" + id);
			assertThat(user.get("username").asString()).isEqualTo(username);
			assertThat(user.get("role").asString()).isEqualTo("developer");
			assertThat(user.get("enabled").asBoolean()).isTrue();
			String temporary = invited.json().get("temporaryPassword").asString();
			assertThat(temporary).hasSize(16);
			assertThat(Keycloak.passwordGrant(username, temporary).body()).as("Keycloak asks for a new password first")
				.contains("Account is not fully set up");
			Keycloak.setPassword(id, Keycloak.PASSWORD);
			JsonNode me = Api.get("/api/v1/me", Keycloak.token(username)).json();
			assertThat(me.get("tenant").get("alias").asString()).isEqualTo(team.alias());
			assertThat(me.get("roles").toString()).isEqualTo("[\"developer\"]");

			JsonNode listed = Api.get("/api/v1/users", admin).json();
			assertThat(listed.findValuesAsString("username")).containsExactlyInAnyOrder(team.username(), username);

			Answer viewer = Api.put("/api/v1/users/" + id + "/role", admin, "{\"role\": \"viewer\"}");
			assertThat(viewer.json().get("role").asString()).isEqualTo("viewer");
			assertThat(Api.get("/api/v1/me", Keycloak.token(username)).json().get("roles").toString()).isEqualTo("[\"viewer\"]");

			assertThat(Api.post("/api/v1/users/" + id + "/disable", admin, "").json().get("enabled").asBoolean()).isFalse();
			assertThat(Keycloak.passwordGrant(username, Keycloak.PASSWORD).statusCode()).as("a disabled user gets no token")
				.isEqualTo(400);
			assertThat(Api.post("/api/v1/users/" + id + "/enable", admin, "").json().get("enabled").asBoolean()).isTrue();
			assertThat(Keycloak.passwordGrant(username, Keycloak.PASSWORD).statusCode()).isEqualTo(200);

			assertThat(Api.delete("/api/v1/users/" + id, admin).status()).isEqualTo(204);
			assertThat(Api.get("/api/v1/users/" + id, admin).status()).isEqualTo(404);
			assertThat(Keycloak.userId(username)).as("the account is gone").isEmpty();
		}
		finally {
			Keycloak.userId("dana@" + team.alias() + ".example").ifPresent(Keycloak::deleteUser);
			Keycloak.deleteOrganization(team);
		}
	}

	@Test
	void nobodyGrantsPlatformAdminReachesAnotherTenantsUsersOrLeavesTheTenantWithoutAnAdmin() {
		Keycloak.TemporaryOrganization team = Keycloak.createOrganization("Guarded", "tenant-admin");
		try {
			String admin = Keycloak.token(team.username());
			Answer escalate = Api.put("/api/v1/users/" + team.userId() + "/role", admin, "{\"role\": \"platform-admin\"}");
			assertThat(escalate.status()).isEqualTo(400);
			assertThat(escalate.contentType()).startsWith("application/problem+json");
			assertThat(escalate.json().get("errors").get(0).get("field").asString()).isEqualTo("role");
			Answer invite = Api.post("/api/v1/users", admin, """
					{"email": "root@%s.example", "firstName": "Root", "lastName": "User", "role": "platform-admin"}
					""".formatted(team.alias()));
			assertThat(invite.status()).isEqualTo(400);
			assertThat(Keycloak.userId("root@" + team.alias() + ".example")).as("nobody was made").isEmpty();
			assertThat(Keycloak.user(team.userId()).realmRoles()).doesNotContain("platform-admin");

			// The only tenant admin can neither demote, disable nor remove themselves.
			Answer demote = Api.put("/api/v1/users/" + team.userId() + "/role", admin, "{\"role\": \"viewer\"}");
			assertThat(demote.status()).isEqualTo(409);
			assertThat(demote.json().get("detail").asString()).contains("yourself").contains("no tenant admin left");
			assertThat(Api.post("/api/v1/users/" + team.userId() + "/disable", admin, "").status()).isEqualTo(409);
			assertThat(Api.delete("/api/v1/users/" + team.userId(), admin).status()).isEqualTo(409);

			// Another tenant's admin does not find this tenant's users; a developer manages none; garbage ids are no user.
			String acmeAdmin = Keycloak.token("acme-admin");
			assertThat(Api.get("/api/v1/users/" + team.userId(), acmeAdmin).status()).isEqualTo(404);
			assertThat(Api.put("/api/v1/users/" + team.userId() + "/role", acmeAdmin, "{\"role\": \"viewer\"}").status()).isEqualTo(404);
			assertThat(Api.post("/api/v1/users/" + team.userId() + "/disable", acmeAdmin, "").status()).isEqualTo(404);
			assertThat(Api.delete("/api/v1/users/" + team.userId(), acmeAdmin).status()).isEqualTo(404);
			assertThat(Api.get("/api/v1/users", acmeAdmin).json().findValuesAsString("username")).doesNotContain(team.username());
			assertThat(Api.get("/api/v1/users/not-a-user", acmeAdmin).status()).isEqualTo(404);
			assertThat(Api.get("/api/v1/users", Keycloak.token("acme-dev")).status()).isEqualTo(403);
			assertThat(Api.post("/api/v1/users", Keycloak.token("acme-dev"), "{\"email\": \"x@acme.example\", \"firstName\": \"X\", "
					+ "\"lastName\": \"Y\", \"role\": \"viewer\"}").status()).isEqualTo(403);
			assertThat(Keycloak.user(team.userId()).realmRoles()).contains("tenant-admin");
		}
		finally {
			Keycloak.deleteOrganization(team);
		}
	}
}
