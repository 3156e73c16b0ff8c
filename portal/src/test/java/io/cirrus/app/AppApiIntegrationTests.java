package io.cirrus.app;

import static io.cirrus.app.AppFixture.APPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** The apps API: versions, validation with positions, roles, tenant isolation and bad input. */
@CirrusIntegrationTest
class AppApiIntegrationTests {

	@Test
	void anAppIsCreatedFromYamlAndEverySaveIsANewImmutableVersion() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		AppFixture.device(dev, "freezer " + tag, tag);
		String name = AppFixture.name("Freezer watch");
		Answer created = AppFixture.create(dev, AppFixture.freezer(name, tag));
		JsonNode v1 = created.json();
		String id = v1.get("app").asString();
		assertThat(created.header("Location")).isEqualTo("/api/v1/apps/" + id + "/versions/1");
		assertThat(v1.get("version").asInt()).isEqualTo(1);
		assertThat(v1.get("format").asString()).isEqualTo("yaml");
		assertThat(v1.get("validation").get("valid").asBoolean()).as(v1.toString()).isTrue();
		assertThat(v1.get("validation").get("problems")).isEmpty();
		assertThat(v1.get("document").get("rules").get(0).get("actions").get(0).get("kind").asString()).isEqualTo("notify");
		assertThat(v1.get("createdBy").asString()).isEqualTo("acme-dev");

		// A second save with a CEL typo: saved (work is never lost), invalid, the problem at its place.
		String typo = AppFixture.freezer(name, tag).replace("app.settings.threshold", "app.settings.treshold");
		Answer v2 = AppFixture.postYaml(APPS + "/" + id + "/versions?base=1", dev, typo);
		assertThat(v2.status()).isEqualTo(201);
		JsonNode problem = v2.json().get("validation").get("problems").get(0);
		assertThat(v2.json().get("validation").get("valid").asBoolean()).isFalse();
		assertThat(problem.get("code").asString()).isEqualTo("cel-type");
		assertThat(problem.get("severity").asString()).isEqualTo("error");
		assertThat(problem.get("path").asString()).isEqualTo("$.blocks[0].condition");
		assertThat(problem.get("line").asInt()).isEqualTo(15);
		assertThat(problem.get("offset").asInt()).isEqualTo(27 + 13);
		assertThat(problem.get("column").asInt()).isEqualTo(16 + 40);
		assertThat(problem.get("message").asString()).isEqualTo("Unknown setting 'treshold': the app declares threshold.");

		// Saving on top of an old version is refused; the latest is named.
		Answer stale = AppFixture.postYaml(APPS + "/" + id + "/versions?base=1", dev, AppFixture.freezer(name, tag));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().get("latestVersion").asInt()).isEqualTo(2);

		Answer summary = Api.get(APPS + "/" + id, dev);
		assertThat(summary.json().get("latestVersion").asInt()).isEqualTo(2);
		assertThat(summary.json().get("latestValid").asBoolean()).isFalse();
		assertThat(summary.json().get("latestErrors").asInt()).isEqualTo(1);
		assertThat(summary.json().get("updatedBy").asString()).isEqualTo("acme-dev");

		JsonNode versions = Api.get(APPS + "/" + id + "/versions", dev).json();
		assertThat(versions).hasSize(2);
		assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
		// Version 1 is as it was.
		JsonNode first = Api.get(APPS + "/" + id + "/versions/1", dev).json();
		assertThat(first.get("source").asString()).isEqualTo(AppFixture.freezer(name, tag));
		Answer source = Api.get(APPS + "/" + id + "/versions/2/source", dev);
		assertThat(source.contentType()).startsWith("application/yaml");
		assertThat(source.body()).isEqualTo(typo);

		assertThat(Api.get(APPS + "?name=" + name.substring(name.length() - 8), dev).json().get("items"))
			.extracting(n -> n.get("id").asString()).containsExactly(id);
	}

	@Test
	void jsonDocumentsAreTakenAsWellAndPositionsPointIntoTheJsonText() {
		String dev = Keycloak.token("acme-dev");
		String json = """
				{
				  "name": "%s",
				  "permissions": {"devices": {}, "actions": ["notify"]},
				  "triggers": [{"id": "t", "kind": "telemetry"}],
				  "rules": [{"id": "r", "condition": "event.values.x >", "actions": [
				    {"kind": "notify", "recipients": ["user:acme-admin"], "title": "x"}]}]
				}
				""".formatted(AppFixture.name("Json"));
		Answer answer = Api.post(APPS + "/validate", dev, json);
		assertThat(answer.status()).isEqualTo(200);
		JsonNode problem = answer.json().get("problems").get(0);
		assertThat(problem.get("code").asString()).isEqualTo("cel-syntax");
		assertThat(problem.get("line").asInt()).isEqualTo(5);
		assertThat(problem.get("offset").asInt()).isEqualTo(16);
	}

	@Test
	void validationNamesDevicesProfilesAndTagsTheTenantDoesNotHave() {
		String dev = Keycloak.token("acme-dev");
		String globexDevice = AppFixture.device(Keycloak.token("globex-dev"), "globex-" + UUID.randomUUID(), "g");
		String yaml = """
				name: %s
				permissions:
				  devices: {ids: [%s], profiles: [No such profile], tags: [never-used-%s]}
				  actions: [notify]
				triggers:
				  - {id: t, kind: telemetry}
				rules:
				  - id: r
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: x}]
				""".formatted(AppFixture.name("Refs"), globexDevice, UUID.randomUUID().toString().substring(0, 6));
		JsonNode validation = AppFixture.postYaml(APPS + "/validate", dev, yaml).json();
		assertThat(validation.get("valid").asBoolean()).isFalse();
		List<String> codes = new ArrayList<>();
		validation.get("problems").forEach(p -> codes.add(p.get("code").asString() + " " + p.get("path").asString()
				+ " " + p.get("severity").asString() + " line " + p.get("line").asInt()));
		assertThat(codes).containsExactly("unknown-device $.permissions.devices.ids[0] error line 3",
				"unknown-profile $.permissions.devices.profiles[0] error line 3",
				"unknown-tag $.permissions.devices.tags[0] warning line 3");
	}

	@Test
	void revalidatingRecordsTheOutcomeAgainstTheTenantAsItIsNow() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		String id = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Later"), tag)).json().get("app").asString();
		JsonNode before = Api.get(APPS + "/" + id + "/versions/1", dev).json().get("validation");
		assertThat(before.get("valid").asBoolean()).isTrue();
		assertThat(before.get("warnings").asInt()).isEqualTo(1); // nobody carries the tag yet
		AppFixture.device(dev, "now one does " + tag, tag);
		Answer again = Api.post(APPS + "/" + id + "/versions/1/validate", dev, "");
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("warnings").asInt()).isZero();
		assertThat(Api.get(APPS + "/" + id + "/versions/1", dev).json().get("validation").get("warnings").asInt()).isZero();
	}

	@Test
	void anotherTenantsAppAnswers404OnEveryEndpoint() {
		String acme = Keycloak.token("acme-dev");
		String secret = AppFixture.name("acme-secret");
		String id = AppFixture.create(acme, AppFixture.freezer(secret, AppFixture.tag())).json().get("app").asString();
		String path = APPS + "/" + id;
		String yaml = AppFixture.freezer("stolen", "x");
		for (String user : new String[] { "globex-admin", "globex-dev" }) {
			String globex = Keycloak.token(user);
			List<Answer> answers = List.of(Api.get(path, globex), Api.get(path + "/versions", globex),
					Api.get(path + "/versions/1", globex), Api.get(path + "/versions/1/source", globex),
					AppFixture.postYaml(path + "/versions", globex, yaml), putYaml(path, globex, yaml),
					Api.post(path + "/versions/1/validate", globex, ""),
					Api.post(path + "/versions/1/dry-run", globex, "{\"events\": [{\"values\": {\"temperature\": 1}}]}"),
					Api.delete(path, globex));
			for (Answer answer : answers) {
				assertThat(answer.status()).as(user + " " + answer.raw().request().method() + " " + answer.raw().uri())
					.isEqualTo(404);
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.body()).doesNotContain("acme-secret");
			}
			assertThat(Api.get(APPS + "?size=200", globex).body()).doesNotContain(id).doesNotContain("acme-secret");
		}
		assertThat(Api.get(path, acme).json().get("latestVersion").asInt()).isEqualTo(1);
	}

	@Test
	void viewersReadAppsButEveryWriteIsForbidden() {
		String id = AppFixture.create(Keycloak.token("acme-dev"), AppFixture.freezer(AppFixture.name("Viewed"), AppFixture.tag()))
			.json().get("app").asString();
		String viewer = Keycloak.token("acme-viewer");
		String path = APPS + "/" + id;
		assertThat(Api.get(APPS, viewer).status()).isEqualTo(200);
		assertThat(Api.get(path, viewer).status()).isEqualTo(200);
		assertThat(Api.get(path + "/versions", viewer).status()).isEqualTo(200);
		assertThat(Api.get(path + "/versions/1", viewer).status()).isEqualTo(200);
		String yaml = AppFixture.freezer(AppFixture.name("Viewer"), "x");
		for (Answer answer : List.of(AppFixture.postYaml(APPS, viewer, yaml), AppFixture.postYaml(APPS + "/validate", viewer, yaml),
				AppFixture.postYaml(path + "/versions", viewer, yaml), putYaml(path, viewer, yaml),
				Api.post(path + "/versions/1/validate", viewer, ""),
				Api.post(path + "/versions/1/dry-run", viewer, "{\"events\": [{\"values\": {\"temperature\": 1}}]}"),
				Api.delete(path, viewer))) {
			assertThat(answer.status()).as(answer.raw().request().method() + " " + answer.raw().uri()).isEqualTo(403);
			assertThat(answer.contentType()).startsWith("application/problem+json");
		}
		assertThat(Api.get(path, viewer).json().get("latestVersion").asInt()).isEqualTo(1);
	}

	@Test
	void badInputGetsAProblemThatSaysWhatToDo() {
		String dev = Keycloak.token("acme-dev");
		// Not YAML at all: nothing to name the app by.
		Answer broken = AppFixture.postYaml(APPS, dev, "name: [unclosed\n");
		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.contentType()).startsWith("application/problem+json");
		assertThat(broken.json().get("detail").asString()).contains("must at least have a name");
		assertThat(broken.json().get("problems").get(0).get("code").asString()).isEqualTo("syntax");
		assertThat(broken.json().get("problems").get(0).get("line").asInt()).isPositive();

		// A name and nothing else: saved, with what is missing.
		Answer bare = AppFixture.postYaml(APPS, dev, "name: " + AppFixture.name("Bare") + "\n");
		assertThat(bare.status()).isEqualTo(201);
		assertThat(bare.json().get("validation").get("problems")).extracting(p -> p.get("message").asString())
			.contains("Missing field 'triggers'.", "Missing field 'rules'.");

		// The same name twice.
		String name = AppFixture.name("Twice");
		AppFixture.create(dev, AppFixture.freezer(name, "t"));
		Answer twice = AppFixture.postYaml(APPS, dev, AppFixture.freezer(name, "t"));
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.json().get("detail").asString()).contains("choose another name");

		// A JSON array, a CSV body, too large a body, bad paging.
		assertThat(Api.post(APPS + "/validate", dev, "[1, 2]").json().get("problems").get(0).get("message").asString())
			.contains("must be a JSON object");
		Answer csv = Api.postBytes(APPS, dev, "text/csv", "a,b".getBytes(StandardCharsets.UTF_8));
		assertThat(csv.status()).isEqualTo(415);
		assertThat(csv.contentType()).startsWith("application/problem+json");
		assertThat(csv.json().get("detail").asString()).contains("text/csv").contains("application/yaml");
		Answer method = Api.delete(APPS, dev);
		assertThat(method.status()).isEqualTo(405);
		assertThat(method.contentType()).startsWith("application/problem+json");
		assertThat(method.header("Allow")).isEqualTo("GET, POST");
		Answer huge = AppFixture.postYaml(APPS, dev, "name: x\ndescription: " + "x".repeat(1_100_000));
		assertThat(huge.status()).isEqualTo(413);
		assertThat(Api.get(APPS + "?size=1000", dev).status()).isEqualTo(400);
		assertThat(Api.get(APPS + "/not-a-uuid", dev).status()).isEqualTo(400);
		assertThat(Api.get(APPS + "/" + UUID.randomUUID() + "/versions/7", dev).status()).isEqualTo(404);
	}

	@Test
	void theSchemaIsServedAndTheApiIsDocumentedWithItsProblems() {
		String dev = Keycloak.token("acme-viewer");
		Answer schema = Api.get(APPS + "/schema", dev);
		assertThat(schema.status()).isEqualTo(200);
		assertThat(schema.json().get("$schema").asString()).contains("2020-12");
		assertThat(schema.json().get("$defs").has("forDurationBlock")).isTrue();
		JsonNode paths = Api.get("/v3/api-docs", null).json().get("paths");
		JsonNode dryRun = paths.get("/api/v1/apps/{id}/versions/{version}/dry-run").get("post").get("responses");
		assertThat(dryRun.propertyNames()).contains("200", "400", "403", "404", "409");
		assertThat(paths.get("/api/v1/apps").get("post").get("responses").propertyNames()).contains("201", "400", "403", "409", "413");
	}

	@Test
	void deletingAnAppRemovesItsVersions() {
		String dev = Keycloak.token("acme-admin");
		String id = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Gone"), "t")).json().get("app").asString();
		assertThat(Api.delete(APPS + "/" + id, dev).status()).isEqualTo(204);
		assertThat(Api.get(APPS + "/" + id, dev).status()).isEqualTo(404);
		assertThat(Api.get(APPS + "/" + id + "/versions/1", dev).status()).isEqualTo(404);
		assertThat(Api.delete(APPS + "/" + id, dev).status()).isEqualTo(404);
	}

	private static Answer putYaml(String path, String token, String yaml) {
		return Api.putBytes(path, token, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
	}
}
