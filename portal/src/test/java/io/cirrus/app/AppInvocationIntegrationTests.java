package io.cirrus.app;

import static io.cirrus.app.AppFixture.APPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * The http trigger's endpoint, {@code POST /api/v1/apps/{id}/invoke}, on the real services: a call becomes an event
 * of the running app, evaluated in order with the calls before it; what cannot run is refused with the reason, and
 * another tenant's app is not found.
 */
@CirrusIntegrationTest
class AppInvocationIntegrationTests extends RuntimeTest {

	@Test
	void aCallIsAnEventOfTheRunningAppsHttpTrigger() {
		String dev = Keycloak.token("acme-dev");
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String app = called(dev, receiver);
			Answer notRunning = invoke(app, dev, Map.of("level", 5));
			assertThat(notRunning.status()).as(notRunning.body()).isEqualTo(409);
			assertThat(notRunning.json().get("detail").asString()).contains("is not running");

			RuntimeFixture.deploy(acme, deployments, app, 1);
			Answer low = invoke(app, dev, Map.of("level", 1, "note", "below the condition"));
			assertThat(low.status()).as(low.body()).isEqualTo(202);
			Answer high = invoke(app, Keycloak.token("acme-admin"), Map.of("level", 5, "note", "urgent"));
			assertThat(high.status()).as(high.body()).isEqualTo(202);
			JsonNode accepted = high.json();
			assertThat(accepted.get("app").asString()).isEqualTo(app);
			assertThat(accepted.get("version").asInt()).isEqualTo(1);
			assertThat(accepted.get("triggers").valueStream().map(JsonNode::asString).toList()).containsExactly("called");

			// Both calls go to the app's partition in order: once the second is delivered, the first was evaluated.
			Await.until("the webhook call", Duration.ofSeconds(30), () -> receiver.received().size() >= 1);
			List<HttpReceiver.Received> calls = receiver.received();
			assertThat(calls).hasSize(1);
			JsonNode body = JSON.readTree(calls.getFirst().body());
			assertThat(body.get("level").asDouble()).isEqualTo(5.0);
			assertThat(body.get("note").asString()).isEqualTo("urgent");

			JsonNode metrics = Await.value("both calls metered", Duration.ofSeconds(30),
					() -> Api.get(APPS + "/" + app + "/metrics", dev).json(), m -> m.get("invocations24h").asLong() >= 2);
			assertThat(metrics.get("invocations24h").asLong()).isEqualTo(2);

			acme.asDeveloper(() -> deployments.stop(UUID.fromString(app), "maintenance"));
			Answer stopped = invoke(app, dev, Map.of("level", 5));
			assertThat(stopped.status()).as(stopped.body()).isEqualTo(409);
		}
	}

	@Test
	void callsThatCannotRunAreRefusedWithTheReasonAndOtherTenantsAppsAreNotFound() {
		String dev = Keycloak.token("acme-dev");
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String app = called(dev, receiver);
			RuntimeFixture.deploy(acme, deployments, app, 1);

			Answer viewer = invoke(app, Keycloak.token("acme-viewer"), Map.of("level", 5));
			assertThat(viewer.status()).isEqualTo(403);
			assertThat(viewer.header("Content-Type")).startsWith("application/problem+json");
			Answer otherTenant = invoke(app, Keycloak.token("globex-admin"), Map.of("level", 5));
			assertThat(otherTenant.status()).isEqualTo(404);
			assertThat(otherTenant.header("Content-Type")).startsWith("application/problem+json");
			assertThat(invoke(UUID.randomUUID().toString(), dev, Map.of()).status()).isEqualTo(404);

			Answer array = Api.post(APPS + "/" + app + "/invoke", dev, "[1, 2]");
			assertThat(array.status()).as(array.body()).isEqualTo(400);
			assertThat(array.header("Content-Type")).startsWith("application/problem+json");
			Answer broken = Api.post(APPS + "/" + app + "/invoke", dev, "{\"level\": ");
			assertThat(broken.status()).as(broken.body()).isEqualTo(400);
			Answer large = invoke(app, dev, Map.of("blob", "x".repeat(AppInvocations.MAX_BYTES)));
			assertThat(large.status()).as(large.body()).isEqualTo(413);
			assertThat(large.json().get("limitBytes").asInt()).isEqualTo(AppInvocations.MAX_BYTES);

			// None of the refused calls reached the app.
			AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(3));
			assertThat(receiver.received()).isEmpty();

			String telemetryOnly = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("NoHttp"), AppFixture.tag()))
				.json().get("app").asString();
			RuntimeFixture.deploy(acme, deployments, telemetryOnly, 1);
			Answer noTrigger = invoke(telemetryOnly, dev, Map.of("level", 5));
			assertThat(noTrigger.status()).as(noTrigger.body()).isEqualTo(409);
			assertThat(noTrigger.json().get("detail").asString()).contains("has no http trigger");
		}
	}

	@Test
	void theEndpointIsDocumentedAsAcceptedWithItsProblems() {
		JsonNode invoke = Api.get("/v3/api-docs", null).json().get("paths").get("/api/v1/apps/{id}/invoke").get("post");
		assertThat(invoke.get("responses").propertyNames()).contains("202", "400", "403", "404", "409", "413", "503")
			.doesNotContain("200");
	}

	/** An app whose http trigger calls the receiver when the call's level is above 2. */
	private static String called(String token, HttpReceiver receiver) {
		return AppFixture.create(token, """
				name: %s
				permissions:
				  actions: [webhook]
				  webhookHosts: ["127.0.0.1:%d"]
				triggers:
				  - {id: called, kind: http}
				rules:
				  - id: urgent
				    triggers: [called]
				    condition: event.values.level > 2.0
				    actions:
				      - {kind: webhook, url: "%s", body: '{"level": {{ event.values.level }}, "note": "{{ event.values.note }}"}'}
				""".formatted(AppFixture.name("Called"), receiver.port(), receiver.url("/called"))).json().get("app").asString();
	}

	private static Answer invoke(String app, String token, Map<String, Object> body) {
		return Api.post(APPS + "/" + app + "/invoke", token, Api.json(body));
	}
}
