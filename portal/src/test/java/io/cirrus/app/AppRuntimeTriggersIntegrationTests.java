package io.cirrus.app;

import static io.cirrus.app.AppFixture.APPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * The runtime's other triggers and actions on the real services: schedules fire once each (also with several
 * tickers competing, as on several instances), an alarm raised by health triggers an app, derived telemetry goes back
 * through ingest to other apps and stops at the loop guard, one app invokes another, and an app changes a device.
 */
@CirrusIntegrationTest
class AppRuntimeTriggersIntegrationTests extends RuntimeTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	Apps apps;

	@Test
	void aScheduleFiresOnceAtEachTimeWhileSeveralTickersCompeteAsOnSeveralInstances() throws Exception {
		String dev = Keycloak.token("acme-dev");
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String app = AppFixture.create(dev, """
					name: %s
					permissions:
					  actions: [webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: every-10s, kind: schedule, every: 10s}
					rules:
					  - id: beat
					    actions:
					      - {kind: webhook, url: "%s", body: '{"at": "{{ event.values.scheduledAt }}", "trigger": "{{ event.trigger }}"}'}
					""".formatted(AppFixture.name("Schedule"), receiver.port(), receiver.url("/beat"))).json().get("app").asString();
			Instant deployed = RuntimeFixture.deploy(acme, deployments, app, 1).activatedAt();

			// The application's own ticker runs every second (the tests' tick); four more threads tick as hard as they can, each
			// through the cluster lock on its own connection, as other instances would.
			Object ticker = AopTestUtils.getTargetObject(context.getBean("runtimeEvents"));
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService others = Executors.newFixedThreadPool(4);
			CountDownLatch done = new CountDownLatch(4);
			for (int i = 0; i < 4; i++) {
				others.execute(() -> {
					try {
						while (running.get()) {
							ReflectionTestUtils.invokeMethod(ticker, "tick");
							Thread.sleep(20);
						}
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					finally {
						done.countDown();
					}
				});
			}
			try {
				Await.until("three beats", Duration.ofSeconds(50), () -> receiver.received().size() >= 3);
			}
			finally {
				running.set(false);
				done.await(10, TimeUnit.SECONDS);
				others.shutdownNow();
			}
			acme.asDeveloper(() -> deployments.stop(java.util.UUID.fromString(app), "test over"));
			AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(2));
			List<Instant> beats = new ArrayList<>();
			for (HttpReceiver.Received call : receiver.received()) {
				JsonNode body = JSON.readTree(call.body());
				assertThat(body.get("trigger").asString()).isEqualTo("every-10s");
				beats.add(Instant.parse(body.get("at").asString()));
			}
			assertThat(beats).as("each time fired once").doesNotHaveDuplicates();
			List<Instant> sorted = beats.stream().sorted().toList();
			for (int i = 1; i < sorted.size(); i++) {
				assertThat(Duration.between(sorted.get(i - 1), sorted.get(i))).as("no time skipped: %s", sorted)
					.isEqualTo(Duration.ofSeconds(10));
			}
			assertThat(Duration.between(deployed, sorted.getFirst()).toMillis()).as("first beat 10 s after the deploy")
				.isEqualTo(10_000);
		}
	}

	@Test
	void anAlarmRaisedByHealthTriggersTheAppWithTheAlarmsFacts() {
		String dev = Keycloak.token("acme-dev");
		String admin = Keycloak.token("acme-admin");
		String tag = AppFixture.tag();
		String key = "pressure_" + tag.substring(tag.indexOf('-') + 1);
		DeviceApi.Registered pump = AppFixture.register(dev, "Pump " + tag, tag);
		DeviceApi.Registered other = AppFixture.register(dev, "Other " + tag, "not-" + tag);
		String rule = null;
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String app = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: alarms, kind: alarm, on: [raised], severities: [CRITICAL]}
					rules:
					  - id: page
					    actions:
					      - kind: webhook
					        url: "%s"
					        body: '{"device": "{{ device.name }}", "rule": "{{ event.values.rule }}", "severity": "{{ event.values.severity }}", "state": "{{ event.values.state }}", "value": {{ event.values.value }}}'
					""".formatted(AppFixture.name("Alarm"), tag, receiver.port(), receiver.url("/alarm"))).json().get("app")
				.asString();
			RuntimeFixture.deploy(acme, deployments, app, 1);
			String ruleName = "Pressure " + tag;
			for (DeviceApi.Registered device : List.of(pump, other)) {
				assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of(key, 0))))
					.status()).isEqualTo(202);
			}
			rule = Await.value("an alarm rule on " + key, Duration.ofSeconds(30), () -> {
				Answer created = Api.post("/api/v1/alarm-rules", admin, Api.json(Map.of("name", ruleName, "source",
						"TELEMETRY", "metric", key, "operator", ">", "threshold", 10, "durationSeconds", 0, "severity",
						"CRITICAL", "selector", "all")));
				return created.status() == 201 ? created.json().get("id").asString() : null;
			}, id -> id != null);

			// Both devices cross the threshold: health raises two alarms; only the pump is the app's.
			for (DeviceApi.Registered device : List.of(pump, other)) {
				assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of(key, 12.5))))
					.status()).isEqualTo(202);
			}
			Await.until("the app called about the pump's alarm", Duration.ofSeconds(30), () -> receiver.received().size() >= 1);
			AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(3));
			assertThat(receiver.received()).as("one call: the other device's alarm is not the app's").hasSize(1);
			JsonNode body = JSON.readTree(receiver.received().getFirst().body());
			assertThat(body.get("device").asString()).isEqualTo("Pump " + tag);
			assertThat(body.get("rule").asString()).isEqualTo(ruleName);
			assertThat(body.get("severity").asString()).isEqualTo("CRITICAL");
			assertThat(body.get("state").asString()).isEqualTo("raised");
			assertThat(body.get("value").asDouble()).isEqualTo(12.5);
		}
		finally {
			if (rule != null) {
				Api.delete("/api/v1/alarm-rules/" + rule, admin);
			}
		}
	}

	@Test
	void derivedTelemetryGoesBackThroughIngestToOtherAppsAndALoopStopsAtTheHopLimit() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Thermo " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String converter = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [emit]
					triggers:
					  - {id: celsius, kind: telemetry, keys: [celsius]}
					rules:
					  - id: convert
					    actions:
					      - {kind: emit, key: fahrenheit, value: "event.values.celsius * 9.0 / 5.0 + 32.0"}
					""".formatted(AppFixture.name("Converter"), tag)).json().get("app").asString();
			String watcher = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: fahrenheit, kind: telemetry, keys: [fahrenheit]}
					rules:
					  - id: tell
					    actions:
					      - {kind: webhook, url: "%s", body: '{"fahrenheit": {{ event.values.fahrenheit }}}'}
					""".formatted(AppFixture.name("Watcher"), tag, receiver.port(), receiver.url("/f"))).json().get("app").asString();
			String looping = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [emit, webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: loop, kind: telemetry, keys: [loop]}
					rules:
					  - id: again
					    actions:
					      - {kind: emit, key: loop, value: "event.values.loop + 1.0"}
					      - {kind: webhook, url: "%s", body: '{"loop": {{ event.values.loop }}}'}
					""".formatted(AppFixture.name("Loop"), tag, receiver.port(), receiver.url("/loop"))).json().get("app").asString();
			for (String app : List.of(converter, watcher, looping)) {
				RuntimeFixture.deploy(acme, deployments, app, 1);
			}

			AppRuntimeIntegrationTests.reading(device, 0); // a temperature: none of the apps is about it
			assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"celsius\":100}}").status())
				.isEqualTo(202);
			Await.until("the watcher called with the derived reading", Duration.ofSeconds(30),
					() -> AppRuntimeIntegrationTests.calls(receiver, "/f").size() == 1);
			assertThat(JSON.readTree(AppRuntimeIntegrationTests.calls(receiver, "/f").getFirst().body()).get("fahrenheit")
				.asDouble()).isEqualTo(212.0);
			Await.until("the derived reading stored as the device's", Duration.ofSeconds(30),
					() -> Api.get("/api/v1/devices/" + device.id() + "/telemetry/latest", dev).json().path("values")
						.path("fahrenheit").path("value").asDouble() == 212.0);

			assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), "{\"values\":{\"loop\":0}}").status())
				.isEqualTo(202);
			JsonNode metrics = Await.value("the loop stopped and recorded", Duration.ofSeconds(30),
					() -> Api.get(APPS + "/" + looping + "/metrics", dev).json(),
					m -> !m.get("errors").isEmpty());
			AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(3));
			List<Integer> loops = AppRuntimeIntegrationTests.calls(receiver, "/loop").stream()
				.map(c -> JSON.readTree(c.body()).get("loop").asInt()).sorted().toList();
			assertThat(loops).as("the reading and three derived ones (cirrus.app.runtime.max-hops 3), each once")
				.containsExactly(0, 1, 2, 3);
			JsonNode error = metrics.get("errors").get(0);
			assertThat(error.get("action").asString()).isEqualTo("emit");
			assertThat(error.get("message").asString()).contains("derived 3 times already");
			assertThat(error.get("event").get("values").get("loop").asInt()).isEqualTo(3);
		}
	}

	@Test
	void oneAppInvokesAnotherWithAPayload() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Caller " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String calleeName = AppFixture.name("Callee");
			String callee = AppFixture.create(dev, """
					name: %s
					permissions:
					  actions: [webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: called, kind: http}
					rules:
					  - id: answer
					    actions:
					      - {kind: webhook, url: "%s", body: '{"temperature": {{ event.values.temperature }}, "from": "{{ event.values.from }}"}'}
					""".formatted(calleeName, receiver.port(), receiver.url("/called"))).json().get("app").asString();
			String caller = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [invoke]
					triggers:
					  - {id: readings, kind: telemetry, keys: [temperature]}
					rules:
					  - id: pass-on
					    condition: event.values.temperature > 30.0
					    actions:
					      - kind: invoke
					        app: "%s"
					        payload: {temperature: "{{ event.values.temperature }}", from: "{{ device.name }}"}
					""".formatted(AppFixture.name("Caller"), tag, calleeName)).json().get("app").asString();
			RuntimeFixture.deploy(acme, deployments, callee, 1);
			RuntimeFixture.deploy(acme, deployments, caller, 1);

			AppRuntimeIntegrationTests.reading(device, 20);
			AppRuntimeIntegrationTests.reading(device, 31.5);
			Await.until("the invoked app's call", Duration.ofSeconds(30), () -> receiver.received().size() == 1);
			AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(2));
			assertThat(receiver.received()).hasSize(1);
			JsonNode body = JSON.readTree(receiver.received().getFirst().body());
			assertThat(body.get("temperature").asDouble()).isEqualTo(31.5);
			assertThat(body.get("from").asString()).isEqualTo("Caller " + tag);
			JsonNode metrics = Await.value("the callee's invocation counted", Duration.ofSeconds(20),
					() -> Api.get(APPS + "/" + callee + "/metrics", dev).json(), m -> m.get("actionsOk24h").asLong() == 1);
			assertThat(metrics.get("invocations24h").asLong()).isEqualTo(1);
		}
	}

	@Test
	void twoAppsInvokingEachOtherStopAtTheHopLimitAndRecordWhy() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Starter " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String pingName = AppFixture.name("Ping");
			String pongName = AppFixture.name("Pong");
			// An app names only apps that exist (and never itself): ping first without its invoke, then pong, then ping v2.
			UUID ping = UUID.fromString(AppFixture.create(dev, echo(pingName, receiver, null)).json().get("app").asString());
			String pong = AppFixture.create(dev, echo(pongName, receiver, pingName)).json().get("app").asString();
			acme.asDeveloper(() -> apps.save(ping, echo(pingName, receiver, pongName), AppFormat.YAML, 1));
			String starter = AppFixture.create(dev, """
					name: %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [invoke]
					triggers:
					  - {id: readings, kind: telemetry, keys: [temperature]}
					rules:
					  - id: start
					    actions:
					      - {kind: invoke, app: "%s", payload: {from: starter}}
					""".formatted(AppFixture.name("Starter"), tag, pingName)).json().get("app").asString();
			RuntimeFixture.deploy(acme, deployments, ping.toString(), 2);
			RuntimeFixture.deploy(acme, deployments, pong, 1);
			RuntimeFixture.deploy(acme, deployments, starter, 1);

			AppRuntimeIntegrationTests.reading(device, 20);
			JsonNode metrics = Await.value("the invocation loop stopped and recorded", Duration.ofSeconds(30),
					() -> Api.get(APPS + "/" + ping + "/metrics", dev).json(), m -> !m.get("errors").isEmpty());
			AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(3));
			assertThat(receiver.received().stream().map(c -> JSON.readTree(c.body()).get("app").asString() + " from "
					+ JSON.readTree(c.body()).get("from").asString()).toList())
				.as("ping by the starter, pong by ping, ping by pong, then the limit (cirrus.app.runtime.max-hops 3)")
				.containsExactlyInAnyOrder(pingName + " from starter", pongName + " from " + pingName,
						pingName + " from " + pongName);
			JsonNode error = metrics.get("errors").get(0);
			assertThat(error.get("action").asString()).isEqualTo("invoke");
			assertThat(error.get("message").asString()).contains("invocation chain is 3 apps long");
			assertThat(Api.get(APPS + "/" + pong + "/metrics", dev).json().get("errors")).isEmpty();
		}
	}

	/** An app of the http trigger that reports each call to the receiver and, with a target, invokes it. */
	private static String echo(String name, HttpReceiver receiver, String target) {
		String invoke = target == null ? "" : """
				      - {kind: invoke, app: "%s", payload: {from: "%s"}}
				""".formatted(target, name);
		return """
				name: %s
				permissions:
				  actions: [invoke, webhook]
				  webhookHosts: ["127.0.0.1:%d"]
				triggers:
				  - {id: called, kind: http}
				rules:
				  - id: answer
				    actions:
				      - {kind: webhook, url: "%s", body: '{"app": "%s", "from": "{{ event.values.from }}"}'}
				""".formatted(name, receiver.port(), receiver.url("/echo"), name) + invoke;
	}

	@Test
	void anAppTagsADeviceAndSetsItsMetadata() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Tank " + tag, tag);
		String app = AppFixture.create(dev, """
				name: %s
				permissions:
				  devices: {tags: [%s]}
				  actions: [set-device]
				triggers:
				  - {id: readings, kind: telemetry, keys: [temperature]}
				rules:
				  - id: mark-hot
				    condition: event.values.temperature > 30.0
				    actions:
				      - kind: set-device
				        addTags: [hot]
				        metadata: {lastHot: "{{ event.values.temperature }}"}
				""".formatted(AppFixture.name("Marker"), tag)).json().get("app").asString();
		RuntimeFixture.deploy(acme, deployments, app, 1);

		AppRuntimeIntegrationTests.reading(device, 20);
		AppRuntimeIntegrationTests.reading(device, 42);
		JsonNode changed = Await.value("the device tagged hot", Duration.ofSeconds(30),
				() -> Api.get("/api/v1/devices/" + device.id(), dev).json(),
				d -> d.get("tags").valueStream().anyMatch(t -> t.asString().equals("hot")));
		assertThat(changed.get("tags").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder(tag, "hot");
		assertThat(changed.get("metadata").get("lastHot").toString()).as("the metadata the app set")
			.matches("\"?42(\\.0)?\"?");
	}
}
