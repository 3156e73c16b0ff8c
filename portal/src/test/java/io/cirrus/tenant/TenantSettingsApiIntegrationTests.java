package io.cirrus.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

@CirrusIntegrationTest
class TenantSettingsApiIntegrationTests {

	private static final String SETTINGS = "/api/v1/tenant/settings";

	@Test
	void tenantAdminChangesSettingsAndReadsThemBack() {
		String token = Keycloak.token("acme-admin");
		String name = "Acme " + suffix();
		Answer put = Api.put(SETTINGS, token,
				Api.json(Map.of("displayName", name, "contactEmail", "ops@acme.example", "timeZone", "Europe/Berlin")));
		assertThat(put.status()).isEqualTo(200);

		JsonNode settings = Api.get(SETTINGS, token).json();
		assertThat(settings.get("displayName").asString()).isEqualTo(name);
		assertThat(settings.get("contactEmail").asString()).isEqualTo("ops@acme.example");
		assertThat(settings.get("timeZone").asString()).isEqualTo("Europe/Berlin");
		assertThat(settings.get("updatedBy").asString()).isEqualTo("acme-admin");
	}

	@Test
	void anotherTenantNeverSeesAcmesSettings() {
		String acmeName = "Acme " + suffix();
		Api.put(SETTINGS, Keycloak.token("acme-admin"), Api.json(Map.of("displayName", acmeName, "timeZone", "UTC")));

		for (String globexUser : new String[] { "globex-admin", "globex-dev", "globex-viewer" }) {
			Answer answer = Api.get(SETTINGS, Keycloak.token(globexUser));
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).doesNotContain(acmeName).doesNotContain("acme");
		}
	}

	@Test
	void viewerAndDeveloperMayReadButNotChange() {
		for (String user : new String[] { "acme-viewer", "acme-dev" }) {
			String token = Keycloak.token(user);
			assertThat(Api.get(SETTINGS, token).status()).isEqualTo(200);
			Answer put = Api.put(SETTINGS, token, Api.json(Map.of("displayName", "Acme by " + user, "timeZone", "UTC")));
			assertThat(put.status()).as(user).isEqualTo(403);
			assertThat(put.contentType()).startsWith("application/problem+json");
			assertThat(put.json().get("type").asString()).isEqualTo("https://cirrus.io/problems/forbidden");
		}
	}

	@Test
	void badEmailIsRefusedNamingTheField() {
		Answer answer = put("{\"displayName\":\"Acme\",\"contactEmail\":\"not-an-email\",\"timeZone\":\"UTC\"}");
		assertProblem(answer, 400, "contactEmail");
	}

	@Test
	void tenThousandCharacterNameIsRefusedNamingTheField() {
		Answer answer = put(Api.json(Map.of("displayName", "A".repeat(10_000), "timeZone", "UTC")));
		assertProblem(answer, 400, "displayName");
	}

	@Test
	void unknownTimeZoneIsRefusedNamingTheField() {
		assertProblem(put("{\"displayName\":\"Acme\",\"timeZone\":\"Mars/Olympus\"}"), 400, "timeZone");
	}

	@Test
	void missingNameIsRefusedNamingTheField() {
		assertProblem(put("{\"timeZone\":\"UTC\"}"), 400, "displayName");
	}

	@Test
	void wrongJsonTypeIsRefusedNamingTheField() {
		assertProblem(put("{\"displayName\":{\"nested\":true},\"timeZone\":\"UTC\"}"), 400, "displayName");
	}

	@Test
	void brokenJsonIsRefusedAsMalformed() {
		Answer answer = put("{\"displayName\": \"Acme\", ");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().get("type").asString()).isEqualTo("https://cirrus.io/problems/malformed-body");
	}

	@Test
	void platformAdminWithoutTenantGetsAProblemNotAnError() {
		Answer answer = Api.get(SETTINGS, Keycloak.token("platform-admin"));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.json().get("type").asString()).isEqualTo("https://cirrus.io/problems/no-tenant");
	}

	private static Answer put(String json) {
		return Api.put(SETTINGS, Keycloak.token("acme-admin"), json);
	}

	private static void assertProblem(Answer answer, int status, String field) {
		assertThat(answer.status()).isEqualTo(status);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		JsonNode problem = answer.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).contains(field);
		assertThat(problem.get("errors").findValuesAsString("field")).contains(field);
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 6);
	}
}
