package io.cirrus.app;

import static io.cirrus.app.AppFixture.APPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cirrus.shared.net.WebhookSigner;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * The apps runtime on the real services: a device's reading goes through Kafka to the deployed app, which notifies
 * a person, calls a signed webhook and commands the device; least privilege is enforced at run time; block state
 * survives a restart of the runtime's consumers; metrics and usage are read back by role and tenant.
 */
@CirrusIntegrationTest
class AppRuntimeIntegrationTests extends RuntimeTest {

	@Test
	void aReadingOverTheThresholdNotifiesCallsASignedWebhookAndCommandsTheDevice() throws Exception {
		String dev = Keycloak.token("acme-dev");
		String admin = Keycloak.token("acme-admin");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Freezer " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String app = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [notify, webhook, command]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: readings, kind: telemetry, keys: [temperature]}
					rules:
					  - id: too-warm
					    condition: event.values.temperature > 30.0
					    actions:
					      - kind: notify
					        recipients: [user:acme-admin]
					        priority: high
					        title: "%s at {{ event.values.temperature }}"
					      - kind: webhook
					        url: %s
					        body: '{"device": "{{ device.name }}", "temperature": {{ event.values.temperature }}}'
					      - kind: command
					        name: cool
					        params: {target: "{{ event.values.temperature - 10.0 }}"}
					""".formatted(AppFixture.name("Runtime"), tag, receiver.port(), "Warm " + tag, receiver.url("/hook")))
				.json().get("app").asString();
			RuntimeFixture.deploy(acme, deployments, app, 1);

			reading(device, 25);
			reading(device, 35);

			JsonNode item = Await.value("the notification in acme-admin's inbox", Duration.ofSeconds(30),
					() -> Api.get("/api/v1/inbox", admin).json().valueStream()
						.filter(i -> i.get("title").asString().startsWith("Warm " + tag)).findFirst().orElse(null),
					i -> i != null);
			assertThat(item.get("title").asString()).isEqualTo("Warm " + tag + " at 35");

			Await.until("the webhook call", Duration.ofSeconds(30), () -> receiver.received().size() == 1);
			HttpReceiver.Received call = receiver.received().getFirst();
			assertThat(JSON.readTree(call.body()).get("temperature").asDouble()).isEqualTo(35.0);
			assertThat(call.body()).contains("\"device\": \"Freezer " + tag + "\"").contains("\"temperature\": 35");
			String secret = Api.get(APPS + "/" + app + "/webhook-secret", dev).json().get("secret").asString();
			assertThat(call.header("webhook-signature")).isEqualTo(WebhookSigner.sign(secret, call.header("webhook-id"),
					Long.parseLong(call.header("webhook-timestamp")), call.body()));

			JsonNode commands = DeviceApi.get("/api/v1/device/commands?waitSeconds=20", device.token()).json().get("commands");
			assertThat(commands).hasSize(1);
			assertThat(commands.get(0).get("name").asString()).isEqualTo("cool");
			assertThat(commands.get(0).get("params").get("target").asDouble()).isEqualTo(25.0);
			String command = commands.get(0).get("id").asString();
			assertThat(DeviceApi.post("/api/v1/device/commands/" + command + "/result", device.token(),
					"{\"status\":\"SUCCEEDED\"}").status()).isEqualTo(200);
			assertThat(Api.get("/api/v1/devices/" + device.id() + "/commands/" + command, dev).json().get("state").asString())
				.isEqualTo("SUCCEEDED");

			JsonNode metrics = Await.value("the app's metrics", Duration.ofSeconds(20),
					() -> Api.get(APPS + "/" + app + "/metrics", admin).json(), m -> m.get("actionsOk24h").asLong() == 3);
			assertThat(metrics.get("invocations24h").asLong()).isEqualTo(2);
			assertThat(metrics.get("matches24h").asLong()).isEqualTo(1);
			assertThat(metrics.get("actionsFailed24h").asLong()).isZero();
			assertThat(metrics.get("errors")).isEmpty();
			assertThat(metrics.get("p99EvaluationMs").asDouble()).isPositive();
			JsonNode usage = Api.get("/api/v1/usage", Keycloak.token("acme-viewer")).json();
			assertThat(usage.get("invocations").asLong()).isGreaterThanOrEqualTo(2);
			assertThat(usage.get("days")).isNotEmpty();
		}
	}

	@Test
	void anActionOutsideTheDeclaredPermissionsIsRefusedAndRecordedWithItsEvent() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered sensor = AppFixture.register(dev, "Sensor " + tag, tag);
		DeviceApi.Registered fan = AppFixture.register(dev, "Fan " + tag, tag);
		String app = AppFixture.create(dev, """
				name: %s
				permissions:
				  devices: {tags: [%s]}
				  actions: [command]
				triggers:
				  - {id: readings, kind: telemetry, devices: {ids: [%s], tags: [%s]}}
				rules:
				  - id: fan-on
				    actions:
				      - {kind: command, device: %s, name: fan-on}
				""".formatted(AppFixture.name("Refused"), tag, sensor.id(), tag, fan.id())).json().get("app").asString();
		RuntimeFixture.deploy(acme, deployments, app, 1);
		// The fan leaves the devices the app may act on after the app was deployed.
		Answer untagged = Api.put("/api/v1/devices/" + fan.id(), dev, Api.json(Map.of("tags", List.of())));
		assertThat(untagged.status()).as(untagged.body()).isEqualTo(200);

		reading(sensor, 21);

		JsonNode metrics = Await.value("the refusal in the app's errors", Duration.ofSeconds(30),
				() -> Api.get(APPS + "/" + app + "/metrics", dev).json(), m -> !m.get("errors").isEmpty()
						&& m.get("refused24h").asLong() == 1);
		JsonNode error = metrics.get("errors").get(0);
		assertThat(error.get("kind").asString()).isEqualTo("refused");
		assertThat(error.get("action").asString()).isEqualTo("command");
		assertThat(error.get("message").asString()).contains("Fan " + tag).contains("permissions");
		assertThat(error.get("event").get("device").asString()).isEqualTo(sensor.id());
		assertThat(error.get("event").get("values").get("temperature").asDouble()).isEqualTo(21);
		assertThat(Api.get("/api/v1/devices/" + fan.id() + "/commands", dev).json()).isEmpty();
	}

	@Test
	void aWindowAndAnAbsenceTimerKeepTheirStateAcrossARestartOfTheRuntime() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Boiler " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String app = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: readings, kind: telemetry, keys: [temperature]}
					blocks:
					  - {id: seen, kind: window, key: temperature, function: count, window: 10m}
					  - {id: silent, kind: absence, key: temperature, after: 12s}
					rules:
					  - id: count
					    triggers: [readings]
					    actions:
					      - {kind: webhook, url: "%s", body: '{"count": {{ blocks.seen }}}'}
					  - id: gone
					    triggers: [silent]
					    actions:
					      - {kind: webhook, url: "%s", body: '{"absent": true}'}
					""".formatted(AppFixture.name("Window"), tag, receiver.port(), receiver.url("/count"), receiver.url("/gone")))
				.json().get("app").asString();
			RuntimeFixture.deploy(acme, deployments, app, 1);

			reading(device, 20);
			reading(device, 21);
			reading(device, 22);
			Await.until("three counts", Duration.ofSeconds(30), () -> calls(receiver, "/count").size() == 3);
			RuntimeFixture.restartRuntime(listeners);
			reading(device, 23);
			Await.until("the fourth count", Duration.ofSeconds(30), () -> calls(receiver, "/count").size() == 4);
			// Webhook calls are delivered by competing consumers, so they may arrive in any order; the counts they
			// carry must still be each of 1..4 once: nothing restarted from empty, nothing counted twice.
			assertThat(calls(receiver, "/count")).extracting(c -> JSON.readTree(c.body()).get("count").asDouble())
				.containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0);

			// Silent from now on: the absence timer fires from the clustered ticker, once, even across a restart.
			Await.until("the absence", Duration.ofSeconds(30), () -> calls(receiver, "/gone").size() == 1);
			RuntimeFixture.restartRuntime(listeners);
			sleep(Duration.ofSeconds(6));
			assertThat(calls(receiver, "/gone")).hasSize(1);
			assertThat(calls(receiver, "/count")).hasSize(4);
		}
	}

	@Test
	void aStoppedRuntimeConsumerIsRestartedByHealthsRecoveryLoopAndLogged() {
		MessageListenerContainer runtime = listeners.getListenerContainer(RuntimeFixture.RUNTIME);
		Instant stopped = Instant.now();
		runtime.stop();
		String platformAdmin = Keycloak.token("platform-admin");
		Await.until("the restart logged", Duration.ofSeconds(30), () -> Api.get("/api/v1/health/recovery", platformAdmin)
			.json().valueStream().anyMatch(a -> a.get("target").asString().equals("kafka:" + RuntimeFixture.RUNTIME)
					&& a.get("action").asString().equals("restart") && a.get("outcome").asString().equals("SUCCEEDED")
					&& Instant.parse(a.get("at").asString()).isAfter(stopped)));
		RuntimeFixture.runtimeAssigned(listeners);
		assertThat(runtime.isRunning()).isTrue();
	}

	@Test
	void metricsAndUsageAnswerByRoleAndOnlyForTheCallersTenant() {
		String dev = Keycloak.token("acme-dev");
		String app = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Metered"), AppFixture.tag())).json()
			.get("app").asString();
		assertThat(Api.get(APPS + "/" + app + "/metrics", Keycloak.token("acme-viewer")).status()).isEqualTo(200);
		Answer secret = Api.get(APPS + "/" + app + "/webhook-secret", Keycloak.token("acme-viewer"));
		assertThat(secret.status()).isEqualTo(403);
		assertThat(secret.header("Content-Type")).startsWith("application/problem+json");
		String globex = Keycloak.token("globex-admin");
		assertThat(Api.get(APPS + "/" + app + "/metrics", globex).status()).isEqualTo(404);
		assertThat(Api.get(APPS + "/" + app + "/webhook-secret", globex).status()).isEqualTo(404);
		Answer days = Api.get(APPS + "/" + app + "/metrics?days=0", dev);
		assertThat(days.status()).isEqualTo(400);
		assertThat(days.header("Content-Type")).startsWith("application/problem+json");
		assertThat(Api.get("/api/v1/usage?from=2026-12-10&to=2026-12-01", dev).status()).isEqualTo(400);
		assertThat(Api.get("/api/v1/usage?from=yesterday", dev).status()).isEqualTo(400);
		JsonNode globexUsage = Api.get("/api/v1/usage", globex).json();
		assertThat(globexUsage.get("days").valueStream().mapToLong(d -> d.get("invocations").asLong()).sum())
			.isEqualTo(globexUsage.get("invocations").asLong());
	}

	static void reading(DeviceApi.Registered device, double temperature) {
		Answer sent = DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of("temperature", temperature))));
		assertThat(sent.status()).as(sent.body()).isEqualTo(202);
	}

	static List<HttpReceiver.Received> calls(HttpReceiver receiver, String path) {
		return receiver.received().stream().filter(r -> r.path().equals(path)).toList();
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
