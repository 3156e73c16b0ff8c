package io.cirrus.app;

import static io.cirrus.app.AppFixture.APPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * The deployments API: deploy now and at a time, stop, resume, rollback, with every step recorded; a version with
 * errors, an unknown version and a past time refused with a problem; roles; another tenant's app answers 404.
 */
@CirrusIntegrationTest
class AppDeploymentApiIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void anAppIsDeployedReplacedStoppedResumedAndRolledBackWithEveryStepRecorded() {
		String dev = Keycloak.token("acme-dev");
		String name = AppFixture.name("Lifecycle");
		String tag = AppFixture.tag();
		String id = AppFixture.create(dev, AppFixture.freezer(name, tag)).json().get("app").asString();
		assertThat(AppFixture.postYaml(APPS + "/" + id + "/versions", dev, AppFixture.freezer(name, tag).replace("30", "25"))
			.status()).isEqualTo(201);
		String path = APPS + "/" + id;

		Instant before = Instant.now();
		Answer first = deploy(path, dev, 1, null);
		assertThat(first.status()).as(first.body()).isEqualTo(201);
		JsonNode v1 = first.json();
		assertThat(first.header("Location")).isEqualTo(path + "/deployments/" + v1.get("id").asString());
		assertThat(v1.get("state").asString()).isEqualTo("RUNNING");
		assertThat(v1.get("version").asInt()).isEqualTo(1);
		assertThat(Instant.parse(v1.get("activatedAt").asString())).isBetween(before.minusSeconds(1), Instant.now());
		assertThat(steps(v1)).containsExactly("null>DEPLOYING by acme-dev", "DEPLOYING>RUNNING by acme-dev");

		// A second deployment ends the first one in the same step.
		JsonNode v2 = deploy(path, dev, 2, null).json();
		assertThat(v2.get("state").asString()).isEqualTo("RUNNING");
		JsonNode replaced = Api.get(path + "/deployments/" + v1.get("id").asString(), dev).json();
		assertThat(replaced.get("state").asString()).isEqualTo("STOPPED");
		assertThat(replaced.get("reason").asString()).isEqualTo("replaced by version 2");
		assertThat(replaced.get("endedAt").isNull()).isFalse();
		assertThat(steps(replaced)).last().isEqualTo("RUNNING>STOPPED by acme-dev: replaced by version 2");

		Answer stopped = Api.post(path + "/stop", dev, "{\"reason\": \"maintenance window\"}");
		assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
		assertThat(stopped.json().get("state").asString()).isEqualTo("STOPPED");
		assertThat(steps(stopped.json())).last().isEqualTo("RUNNING>STOPPED by acme-dev: maintenance window");
		Answer again = Api.post(path + "/stop", dev, "");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.json().get("detail").asString()).contains("no running, paused or scheduled deployment");

		Answer resumed = Api.post(path + "/resume", dev, "");
		assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
		assertThat(resumed.json().get("state").asString()).isEqualTo("RUNNING");
		assertThat(resumed.json().get("version").asInt()).isEqualTo(2);
		assertThat(Api.post(path + "/resume", dev, "").status()).isEqualTo(409);

		Answer rollback = Api.post(path + "/rollback", dev, "{\"version\": 1}");
		assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
		JsonNode rolled = rollback.json();
		assertThat(rolled.get("state").asString()).isEqualTo("RUNNING");
		assertThat(rolled.get("version").asInt()).isEqualTo(1);
		assertThat(rolled.get("rollbackOf").asInt()).isEqualTo(2);
		assertThat(steps(rolled)).last().isEqualTo("DEPLOYING>RUNNING by acme-dev: rollback from version 2 to version 1");
		Answer notEarlier = Api.post(path + "/rollback", dev, "{\"version\": 2}");
		assertThat(notEarlier.status()).isEqualTo(400);
		assertThat(notEarlier.json().get("detail").asString()).contains("earlier than the live version 1");

		// Newest first; exactly one live.
		JsonNode list = Api.get(path + "/deployments", dev).json();
		List<String> states = new ArrayList<>();
		list.forEach(d -> states.add(d.get("version").asInt() + " " + d.get("state").asString()));
		assertThat(states).containsExactly("1 RUNNING", "2 STOPPED", "2 STOPPED", "1 STOPPED");
	}

	@Test
	void aScheduledDeploymentWaitsForItsTimeAndCanBeCancelled() {
		String dev = Keycloak.token("acme-admin");
		String id = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Later"), AppFixture.tag())).json().get("app").asString();
		String path = APPS + "/" + id;
		Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
		Answer scheduled = deploy(path, dev, 1, at);
		assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(201);
		assertThat(scheduled.json().get("state").asString()).isEqualTo("SCHEDULED");
		assertThat(Instant.parse(scheduled.json().get("scheduledFor").asString())).isEqualTo(at);
		assertThat(steps(scheduled.json())).containsExactly("null>SCHEDULED by acme-admin: scheduled for " + at);
		String deployment = path + "/deployments/" + scheduled.json().get("id").asString();
		JsonNode running = Await.value("the scheduled deployment running", WAIT, () -> Api.get(deployment, dev).json(),
				d -> d.get("state").asString().equals("RUNNING"));
		assertThat(Instant.parse(running.get("activatedAt").asString())).isAfterOrEqualTo(at);
		assertThat(steps(running)).containsExactly("null>SCHEDULED by acme-admin: scheduled for " + at,
				"SCHEDULED>DEPLOYING by scheduler", "DEPLOYING>RUNNING by scheduler");

		// Scheduled an hour ahead, then stopped while nothing else is live: cancelled.
		assertThat(Api.post(path + "/stop", dev, "").status()).isEqualTo(200);
		JsonNode later = deploy(path, dev, 1, Instant.now().plusSeconds(3600)).json();
		Answer cancelled = Api.post(path + "/stop", dev, "{\"reason\": \"not tonight\"}");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("id").asString()).isEqualTo(later.get("id").asString());
		assertThat(cancelled.json().get("state").asString()).isEqualTo("STOPPED");
		assertThat(cancelled.json().get("reason").asString()).isEqualTo("cancelled: not tonight");
	}

	@Test
	void onlyAValidVersionOfThisAppAtATimeToComeIsDeployed() {
		String dev = Keycloak.token("acme-dev");
		String name = AppFixture.name("Refused");
		String tag = AppFixture.tag();
		String id = AppFixture.create(dev, AppFixture.freezer(name, tag)).json().get("app").asString();
		String path = APPS + "/" + id;
		String typo = AppFixture.freezer(name, tag).replace("app.settings.threshold", "app.settings.treshold");
		assertThat(AppFixture.postYaml(path + "/versions", dev, typo).status()).isEqualTo(201);

		Answer invalid = deploy(path, dev, 2, null);
		assertThat(invalid.status()).isEqualTo(409);
		assertThat(invalid.contentType()).startsWith("application/problem+json");
		assertThat(invalid.json().get("detail").asString()).contains("Version 2 has 1 error")
			.contains("$.blocks[0].condition").contains("treshold");
		List<String> problems = new ArrayList<>();
		invalid.json().get("problems").forEach(p -> problems.add(p.get("severity").asString() + " " + p.get("code").asString()
				+ " line " + p.get("line").asInt()));
		assertThat(problems).contains("error cel-type line 15");
		assertThat(Api.get(path + "/deployments", dev).json()).isEmpty();

		Answer unknown = deploy(path, dev, 7, null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("detail").asString()).contains("/7");
		Answer past = deploy(path, dev, 1, Instant.now().minusSeconds(60));
		assertThat(past.status()).isEqualTo(400);
		assertThat(past.json().get("detail").asString()).contains("'at'").contains("future");
		assertThat(Api.post(path + "/deployments", dev, "{}").status()).isEqualTo(400);
		assertThat(Api.post(path + "/deployments", dev, "{\"version\": 1, \"at\": \"tomorrow\"}").status()).isEqualTo(400);
		assertThat(Api.post(path + "/deployments", dev, "{\"version\": ").status()).isEqualTo(400);
		assertThat(Api.post(path + "/rollback", dev, "{\"version\": 1}").status()).isEqualTo(409);
		assertThat(Api.get(path + "/deployments/" + UUID.randomUUID(), dev).status()).isEqualTo(404);
		assertThat(Api.get(path + "/deployments/not-a-uuid", dev).status()).isEqualTo(400);

		// Live on version 1, a rollback to... nothing earlier; version 3 valid, version 2 not: rollback to 2 refused.
		assertThat(deploy(path, dev, 1, null).status()).isEqualTo(201);
		assertThat(AppFixture.postYaml(path + "/versions", dev, AppFixture.freezer(name, tag)).status()).isEqualTo(201);
		assertThat(deploy(path, dev, 3, null).json().get("state").asString()).isEqualTo("RUNNING");
		Answer rollbackToInvalid = Api.post(path + "/rollback", dev, "{\"version\": 2}");
		assertThat(rollbackToInvalid.status()).isEqualTo(409);
		assertThat(rollbackToInvalid.json().get("problems")).isNotEmpty();
		assertThat(Api.get(path + "/deployments", dev).json().get(0).get("version").asInt()).isEqualTo(3);
	}

	@Test
	void viewersReadDeploymentsButMayNotChangeThem() {
		String dev = Keycloak.token("acme-dev");
		String id = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Watched"), AppFixture.tag())).json().get("app").asString();
		String path = APPS + "/" + id;
		String deployment = deploy(path, dev, 1, null).json().get("id").asString();
		String viewer = Keycloak.token("acme-viewer");
		assertThat(Api.get(path + "/deployments", viewer).status()).isEqualTo(200);
		assertThat(Api.get(path + "/deployments/" + deployment, viewer).json().get("state").asString()).isEqualTo("RUNNING");
		for (Answer answer : List.of(deploy(path, viewer, 1, null), Api.post(path + "/stop", viewer, ""),
				Api.post(path + "/resume", viewer, ""), Api.post(path + "/rollback", viewer, "{\"version\": 1}"))) {
			assertThat(answer.status()).as(answer.raw().uri().toString()).isEqualTo(403);
			assertThat(answer.contentType()).startsWith("application/problem+json");
		}
		assertThat(Api.get(path + "/deployments/" + deployment, dev).json().get("state").asString()).isEqualTo("RUNNING");
	}

	@Test
	void anotherTenantsAppAndDeploymentsAnswer404OnEveryEndpoint() {
		String acme = Keycloak.token("acme-dev");
		String id = AppFixture.create(acme, AppFixture.freezer(AppFixture.name("acme-secret"), AppFixture.tag())).json()
			.get("app").asString();
		String path = APPS + "/" + id;
		String deployment = deploy(path, acme, 1, null).json().get("id").asString();
		for (String user : new String[] { "globex-admin", "globex-dev" }) {
			String globex = Keycloak.token(user);
			for (Answer answer : List.of(deploy(path, globex, 1, null), Api.get(path + "/deployments", globex),
					Api.get(path + "/deployments/" + deployment, globex), Api.post(path + "/stop", globex, ""),
					Api.post(path + "/resume", globex, ""), Api.post(path + "/rollback", globex, "{\"version\": 1}"))) {
				assertThat(answer.status()).as(user + " " + answer.raw().uri()).isEqualTo(404);
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.body()).doesNotContain("acme-secret");
			}
		}
		assertThat(Api.get(path + "/deployments/" + deployment, acme).json().get("state").asString()).isEqualTo("RUNNING");
	}

	@Test
	void theDeploymentEndpointsAreDocumentedWithTheirProblems() {
		JsonNode paths = Api.get("/v3/api-docs", null).json().get("paths");
		assertThat(paths.get("/api/v1/apps/{id}/deployments").get("post").get("responses").propertyNames())
			.contains("201", "400", "403", "404", "409");
		assertThat(paths.get("/api/v1/apps/{id}/deployments").get("get").get("responses").propertyNames()).contains("200", "404");
		assertThat(paths.get("/api/v1/apps/{id}/deployments/{deploymentId}").get("get").get("responses").propertyNames())
			.contains("200", "404");
		assertThat(paths.get("/api/v1/apps/{id}/stop").get("post").get("responses").propertyNames()).contains("403", "404", "409");
		assertThat(paths.get("/api/v1/apps/{id}/resume").get("post").get("responses").propertyNames()).contains("403", "404", "409");
		assertThat(paths.get("/api/v1/apps/{id}/rollback").get("post").get("responses").propertyNames())
			.contains("400", "403", "404", "409");
	}

	static Answer deploy(String path, String token, int version, Instant at) {
		Map<String, Object> body = new java.util.HashMap<>();
		body.put("version", version);
		if (at != null) {
			body.put("at", at.toString());
		}
		return Api.post(path + "/deployments", token, Api.json(body));
	}

	/** The steps as "from>to by who: why". */
	static List<String> steps(JsonNode deployment) {
		List<String> steps = new ArrayList<>();
		deployment.get("transitions").forEach(t -> steps.add((t.get("from").isNull() ? "null" : t.get("from").asString()) + ">"
				+ t.get("to").asString() + " by " + t.get("by").asString()
				+ (t.get("reason") == null || t.get("reason").isNull() ? "" : ": " + t.get("reason").asString())));
		return steps;
	}
}
