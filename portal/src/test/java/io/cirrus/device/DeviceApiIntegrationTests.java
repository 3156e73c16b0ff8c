package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** The device registry API: roles, tenant isolation, validation, lists. */
@CirrusIntegrationTest
class DeviceApiIntegrationTests {

	private static final String DEVICES = "/api/v1/devices";

	private static final String PROFILES = "/api/v1/device-profiles";

	@Test
	void anotherTenantsDeviceAnswers404OnEveryDeviceEndpoint() {
		String acme = Keycloak.token("acme-dev");
		String id = DeviceApi.register(acme, "acme-secret-" + UUID.randomUUID()).id();
		String path = DEVICES + "/" + id;

		for (String user : new String[] { "globex-admin", "globex-dev" }) {
			String globex = Keycloak.token(user);
			List<Answer> answers = List.of(Api.get(path, globex), Api.put(path, globex, "{\"name\":\"stolen\"}"),
					patch(path, globex, "{\"name\":\"stolen\"}"), Api.post(path + "/token", globex, ""),
					Api.delete(path + "/token", globex), Api.delete(path, globex));
			for (Answer answer : answers) {
				assertThat(answer.status()).as(user + " " + answer.raw().request().method() + " " + answer.raw().uri()).isEqualTo(404);
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.body()).doesNotContain("acme-secret");
			}
			assertThat(Api.get(DEVICES + "?name=acme-secret&size=500", globex).body()).doesNotContain(id);
		}
		// Still Acme's and untouched.
		Answer still = Api.get(path, acme);
		assertThat(still.status()).isEqualTo(200);
		assertThat(still.json().get("name").asString()).startsWith("acme-secret-");
		assertThat(still.json().get("credentials").asString()).isEqualTo("active");
	}

	@Test
	void anotherTenantsProfileAnswers404OnEveryProfileEndpoint() {
		String acme = Keycloak.token("acme-admin");
		Answer created = Api.post(PROFILES, acme, Api.json(Map.of("name", "acme-p-" + suffix(), "reportingIntervalSeconds", 30)));
		assertThat(created.status()).isEqualTo(201);
		String path = PROFILES + "/" + created.json().get("profile").get("id").asString();

		String globex = Keycloak.token("globex-admin");
		for (Answer answer : List.of(Api.get(path, globex), Api.put(path, globex, "{\"name\":\"x\"}"),
				Api.post(path + "/provisioning", globex, ""), Api.delete(path, globex))) {
			assertThat(answer.status()).as(answer.raw().request().method() + " " + answer.raw().uri()).isEqualTo(404);
		}
		// A device of Globex cannot be put into Acme's profile either: that profile does not exist for Globex.
		Answer foreignProfile = Api.post(DEVICES, globex,
				Api.json(Map.of("name", "g", "profileId", created.json().get("profile").get("id").asString())));
		assertProblem(foreignProfile, 400, "profileId");
	}

	@Test
	void viewerReadsButEveryWriteIsForbidden() {
		String id = DeviceApi.register(Keycloak.token("acme-dev"), "viewer-sees-" + suffix()).id();
		String viewer = Keycloak.token("acme-viewer");

		assertThat(Api.get(DEVICES, viewer).status()).isEqualTo(200);
		assertThat(Api.get(DEVICES + "/" + id, viewer).status()).isEqualTo(200);
		assertThat(Api.get(PROFILES, viewer).status()).isEqualTo(200);

		List<Answer> writes = List.of(Api.post(DEVICES, viewer, "{\"name\":\"v\"}"),
				Api.put(DEVICES + "/" + id, viewer, "{\"name\":\"v\"}"), Api.delete(DEVICES + "/" + id, viewer),
				Api.post(DEVICES + "/" + id + "/token", viewer, ""), Api.delete(DEVICES + "/" + id + "/token", viewer),
				Api.postBytes(DEVICES + "/import", viewer, "text/csv", "name\nv1\n".getBytes()),
				Api.post(PROFILES, viewer, "{\"name\":\"v\"}"));
		for (Answer answer : writes) {
			assertThat(answer.status()).as(answer.raw().request().method() + " " + answer.raw().uri()).isEqualTo(403);
			assertThat(answer.json().get("type").asString()).isEqualTo("https://cirrus.io/problems/forbidden");
		}
	}

	@Test
	void platformAdminHasNoTenantAndNoDevices() {
		String admin = Keycloak.token("platform-admin");
		assertThat(Api.get(DEVICES, admin).status()).isEqualTo(403);
		assertThat(Api.post(DEVICES, admin, "{\"name\":\"p\"}").status()).isEqualTo(403);
	}

	@Test
	void unauthenticatedCallsAre401() {
		assertThat(Api.get(DEVICES, null).status()).isEqualTo(401);
		assertThat(Api.get(PROFILES, null).status()).isEqualTo(401);
	}

	@Test
	void badDeviceInputIsRefusedNamingTheField() {
		String dev = Keycloak.token("acme-dev");
		assertProblem(Api.post(DEVICES, dev, "{\"name\":\"  \"}"), 400, "name");
		assertProblem(Api.post(DEVICES, dev, "{}"), 400, "name");
		assertProblem(Api.post(DEVICES, dev, Api.json(Map.of("name", "x".repeat(201)))), 400, "name");
		assertProblem(Api.post(DEVICES, dev, Api.json(Map.of("name", "ok", "tags", List.of("fine", "not fine!")))), 400, "tags");
		assertProblem(Api.post(DEVICES, dev, Api.json(Map.of("name", "ok", "metadata", Map.of("blob", "x".repeat(20_000))))), 400,
				"metadata");
		assertProblem(Api.post(DEVICES, dev, Api.json(Map.of("name", "ok", "profileId", UUID.randomUUID().toString()))), 400,
				"profileId");
		assertProblem(Api.post(DEVICES, dev, "{\"name\":\"ok\",\"profileId\":\"not-a-uuid\"}"), 400, "profileId");
		assertProblem(Api.post(DEVICES, dev, "{\"name\":\"ok\",\"metadata\":[1,2]}"), 400, "metadata");
		assertProblem(Api.post(DEVICES, dev, "{\"name\":"), 400, null);
		assertProblem(Api.get(DEVICES + "/not-a-uuid", dev), 400, "id");
		assertProblem(Api.get(DEVICES + "?status=sleeping", dev), 400, "status");
		assertProblem(Api.get(DEVICES + "?sort=color", dev), 400, "sort");
		assertProblem(Api.get(DEVICES + "?size=0", dev), 400, "size");
		assertProblem(Api.get(DEVICES + "?size=100000", dev), 400, "size");
		assertProblem(Api.get(DEVICES + "?page=-1", dev), 400, "page");
		assertProblem(Api.get(DEVICES + "?direction=up", dev), 400, "direction");
		assertProblem(Api.get(DEVICES + "?tag=a%20b", dev), 400, "tag");

		String id = DeviceApi.register(dev, "to-change-" + suffix()).id();
		assertProblem(Api.put(DEVICES + "/" + id, dev, "{\"name\":\"\"}"), 400, "name");
		assertProblem(Api.put(DEVICES + "/" + id, dev, Api.json(Map.of("tags", List.of("a/b")))), 400, "tags");
	}

	@Test
	void badProfileInputIsRefusedNamingTheField() {
		String admin = Keycloak.token("acme-admin");
		assertProblem(Api.post(PROFILES, admin, "{}"), 400, "name");
		assertProblem(Api.post(PROFILES, admin, Api.json(Map.of("name", "p" + suffix(), "reportingIntervalSeconds", 0))), 400,
				"reportingIntervalSeconds");
		assertProblem(Api.post(PROFILES, admin, Api.json(Map.of("name", "p" + suffix(), "inactivityTimeoutSeconds", -5))), 400,
				"inactivityTimeoutSeconds");
		assertProblem(Api.post(PROFILES, admin, Api.json(Map.of("name", "p" + suffix(), "reportingIntervalSeconds", 600,
				"inactivityTimeoutSeconds", 60))), 400, "inactivityTimeoutSeconds");
		assertProblem(Api.post(PROFILES, admin, Api.json(Map.of("name", "p" + suffix(), "type", "has space"))), 400, "type");
		assertProblem(Api.post(PROFILES, admin, "{\"name\":\"p\",\"reportingIntervalSeconds\":\"often\"}"), 400,
				"reportingIntervalSeconds");
		String name = "dup-" + suffix();
		assertThat(Api.post(PROFILES, admin, Api.json(Map.of("name", name))).status()).isEqualTo(201);
		assertProblem(Api.post(PROFILES, admin, Api.json(Map.of("name", name))), 400, "name");
	}

	@Test
	void profileInUseCannotBeDeletedAndTheDefaultNever() {
		String admin = Keycloak.token("acme-admin");
		String profile = Api.post(PROFILES, admin, Api.json(Map.of("name", "used-" + suffix()))).json().get("profile").get("id").asString();
		Api.post(DEVICES, admin, Api.json(Map.of("name", "user-of-profile", "profileId", profile)));
		assertThat(Api.delete(PROFILES + "/" + profile, admin).status()).isEqualTo(409);

		JsonNode list = Api.get(PROFILES, admin).json();
		String defaultId = null;
		for (JsonNode p : list) {
			if (p.get("defaultProfile").asBoolean()) {
				defaultId = p.get("id").asString();
			}
		}
		assertThat(defaultId).isNotNull();
		assertThat(Api.delete(PROFILES + "/" + defaultId, admin).status()).isEqualTo(409);

		String unused = Api.post(PROFILES, admin, Api.json(Map.of("name", "unused-" + suffix()))).json().get("profile").get("id").asString();
		assertThat(Api.delete(PROFILES + "/" + unused, admin).status()).isEqualTo(204);
		assertThat(Api.get(PROFILES + "/" + unused, admin).status()).isEqualTo(404);
	}

	@Test
	void updateChangesNameProfileTagsAndMetadata() {
		String dev = Keycloak.token("acme-dev");
		String id = DeviceApi.register(dev, "before-" + suffix()).id();
		String profile = Api.post(PROFILES, dev, Api.json(Map.of("name", "move-" + suffix()))).json().get("profile").get("id").asString();

		Answer updated = Api.put(DEVICES + "/" + id, dev, Api.json(Map.of("name", "after", "profileId", profile, "tags",
				List.of("floor-3", "hvac"), "metadata", Map.of("serial", "SN-1", "rev", 2))));
		assertThat(updated.status()).isEqualTo(200);
		JsonNode device = Api.get(DEVICES + "/" + id, dev).json();
		assertThat(device.get("name").asString()).isEqualTo("after");
		assertThat(device.get("profileId").asString()).isEqualTo(profile);
		assertThat(device.get("tags").toString()).isEqualTo("[\"floor-3\",\"hvac\"]");
		assertThat(device.get("metadata").get("serial").asString()).isEqualTo("SN-1");
		assertThat(device.get("status").asString()).isEqualTo("never-seen");
	}

	@Test
	void listFiltersByNameTagProfileAndStatusAndSorts() {
		String dev = Keycloak.token("acme-dev");
		String run = "lst" + suffix();
		String profile = Api.post(PROFILES, dev, Api.json(Map.of("name", "p-" + run))).json().get("profile").get("id").asString();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Answer created = Api.post(DEVICES, dev, Api.json(Map.of("name", run + "-" + (char) ('e' - i), "tags",
					i % 2 == 0 ? List.of(run, "even") : List.of(run), "profileId", profile)));
			ids.add(created.json().get("device").get("id").asString());
		}
		Function<String, JsonNode> list = query -> {
			Answer answer = Api.get(DEVICES + "?" + query, dev);
			assertThat(answer.status()).as(query).isEqualTo(200);
			return answer.json();
		};
		JsonNode byName = list.apply("name=" + run + "&count=true");
		assertThat(byName.get("total").asLong()).isEqualTo(5);
		assertThat(byName.get("items").get(0).get("name").asString()).isEqualTo(run + "-a");
		assertThat(list.apply("name=" + run + "&direction=desc").get("items").get(0).get("name").asString()).isEqualTo(run + "-e");
		assertThat(list.apply("tag=" + run + "&count=true").get("total").asLong()).isEqualTo(5);
		assertThat(list.apply("tag=" + run + "&name=" + run + "-c&count=true").get("total").asLong()).isEqualTo(1);
		assertThat(list.apply("profileId=" + profile + "&count=true").get("total").asLong()).isEqualTo(5);
		assertThat(list.apply("profileId=" + profile + "&status=never-seen&count=true").get("total").asLong()).isEqualTo(5);
		assertThat(list.apply("profileId=" + profile + "&status=online&count=true").get("total").asLong()).isZero();
		assertThat(list.apply("name=" + run + "&size=2&page=1").get("items").size()).isEqualTo(2);
		assertThat(list.apply("name=" + run + "&sort=created").get("items").get(0).get("id").asString()).isEqualTo(ids.get(4));

		Api.delete(DEVICES + "/" + ids.get(0), dev);
		assertThat(list.apply("name=" + run + "&count=true").get("total").asLong()).isEqualTo(4);
		assertThat(list.apply("name=" + run + "&status=decommissioned&count=true").get("total").asLong()).isEqualTo(1);
	}

	static Answer patch(String path, String token, String json) {
		try {
			var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(CirrusIntegrationTest.BASE_URL + path))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json))
				.build();
			var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(), response);
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	static void assertProblem(Answer answer, int status, String field) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		if (field != null) {
			List<String> fields = new ArrayList<>();
			answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
			assertThat(fields).as(answer.body()).contains(field);
		}
	}

	static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}
}
