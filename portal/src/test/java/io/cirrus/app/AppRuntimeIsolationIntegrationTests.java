package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.DeviceId;
import io.cirrus.telemetry.IngestSource;
import io.cirrus.telemetry.TelemetryIngest;
import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;
import io.cirrus.test.RecordedEvents;
import io.cirrus.test.TestTenant;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime across versions and tenants: a deploy and a rollback in the middle of a stream of readings evaluate
 * each reading once, with the version live when it arrived; one tenant's hanging webhooks do not delay another
 * tenant's actions; an app whose actions keep failing is paused and resumed.
 */
@CirrusIntegrationTest
class AppRuntimeIsolationIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AppDeployments deployments;

	@Autowired
	Apps apps;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	TelemetryIngest ingest;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	RecordedEvents events;

	TestTenant acme;

	@BeforeEach
	void runtimeReady() {
		acme = RuntimeFixture.acme(jdbc);
		RuntimeFixture.runtimeAssigned(listeners);
	}

	static String counter(String name, String tag, HttpReceiver receiver, int version) {
		return """
				name: %s
				permissions:
				  devices: {tags: [%s]}
				  actions: [webhook]
				  webhookHosts: ["127.0.0.1:%d"]
				triggers:
				  - {id: readings, kind: telemetry, keys: [n]}
				rules:
				  - id: each
				    actions:
				      - {kind: webhook, url: "%s", body: '{"version": %d, "n": {{ event.values.n }}}'}
				""".formatted(name, tag, receiver.port(), receiver.url("/n"), version);
	}

	@Test
	void aDeployAndARollbackDuringAStreamEvaluateEveryReadingOnceWithTheVersionLiveWhenItArrived() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Counter " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String name = AppFixture.name("Switch");
			UUID app = UUID.fromString(AppFixture.create(dev, counter(name, tag, receiver, 1)).json().get("app").asString());
			acme.asDeveloper(() -> apps.save(app, counter(name, tag, receiver, 2), AppFormat.YAML, 1));
			RuntimeFixture.deploy(acme, deployments, app.toString(), 1);
			int total = 150;
			for (int n = 1; n <= total; n++) {
				if (n == 51) {
					RuntimeFixture.deploy(acme, deployments, app.toString(), 2);
				}
				if (n == 101) {
					acme.asDeveloper(() -> deployments.rollback(app, 1));
				}
				assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of("n", n))))
					.status()).isEqualTo(202);
			}
			Await.until("a call per reading", Duration.ofSeconds(60), () -> receiver.received().size() >= total);
			AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(2));
			Map<Integer, List<Integer>> versionsByN = new TreeMap<>();
			for (HttpReceiver.Received call : receiver.received()) {
				var body = JSON.readTree(call.body());
				versionsByN.computeIfAbsent(body.get("n").asInt(), k -> new ArrayList<>()).add(body.get("version").asInt());
			}
			assertThat(versionsByN.keySet()).as("every reading evaluated").hasSize(total);
			assertThat(versionsByN.values()).as("no reading evaluated twice").allMatch(v -> v.size() == 1);
			List<Integer> versions = versionsByN.values().stream().map(List::getFirst).toList();
			assertThat(versions.subList(0, 50)).containsOnly(1);
			assertThat(versions.subList(50, 100)).containsOnly(2);
			assertThat(versions.subList(100, total)).containsOnly(1);
		}
	}

	@Test
	void oneTenantsHangingWebhooksDoNotDelayAnotherTenantsActions() throws Exception {
		TestTenant slow = TestTenant.create(jdbc);
		String tag = AppFixture.tag();
		try (HttpReceiver hanging = new HttpReceiver(0); HttpReceiver fast = new HttpReceiver(0)) {
			hanging.answer(r -> {
				AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(20));
				return 200;
			});
			DeviceId slowDevice = slow.asDeveloper(() -> registry.register(new DeviceRegistry.DeviceRequest("Hanging " + tag,
					null, List.of(tag), null)).device().id());
			UUID slowApp = slow.asDeveloper(() -> apps.create(counter(AppFixture.name("Hanging"), tag, hanging, 1),
					AppFormat.YAML).app());
			RuntimeFixture.deploy(slow, deployments, slowApp.toString(), 1);

			String dev = Keycloak.token("acme-dev");
			DeviceApi.Registered device = AppFixture.register(dev, "Quick " + tag, tag);
			String quickApp = AppFixture.create(dev, counter(AppFixture.name("Quick"), tag, fast, 1)).json().get("app").asString();
			RuntimeFixture.deploy(acme, deployments, quickApp, 1);

			// The slow tenant's actions fill its bulkhead and its queue behind it.
			for (int i = 0; i < 100; i++) {
				ingest.accept(slow.id(), slowDevice, IngestSource.HTTP,
						("{\"values\":{\"n\":" + i + "}}").getBytes(StandardCharsets.UTF_8)).join();
			}
			Await.until("the slow tenant's webhooks hang", Duration.ofSeconds(30), () -> hanging.requests() >= 4);

			Map<Integer, Long> sent = new ConcurrentHashMap<>();
			Map<Integer, Long> received = new ConcurrentHashMap<>();
			fast.answer(r -> {
				received.put(n(r), System.nanoTime());
				return 200;
			});
			int readings = 30;
			for (int n = 0; n < readings; n++) {
				sent.put(n, System.nanoTime());
				assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of("n", n))))
					.status()).isEqualTo(202);
				Thread.sleep(50);
			}
			Await.until("the quick tenant's webhooks", Duration.ofSeconds(30), () -> received.size() == readings);
			List<Long> millis = new ArrayList<>();
			received.forEach((n, at) -> millis.add((at - sent.get(n)) / 1_000_000));
			Collections.sort(millis);
			long p99 = millis.get((int) Math.ceil(readings * 0.99) - 1);
			assertThat(p99).as("p99 of the quick tenant's reading-to-webhook latency, ms (all: %s)", millis).isLessThan(1000);
		}
	}

	@Test
	void anAppWhoseActionsKeepFailingIsPausedWithItsLastErrorsAndResumed() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Failing " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			receiver.answer(r -> 500);
			UUID app = UUID.fromString(AppFixture.create(dev, counter(AppFixture.name("Failing"), tag, receiver, 1)).json()
				.get("app").asString());
			RuntimeFixture.deploy(acme, deployments, app.toString(), 1);
			for (int n = 1; n <= 5; n++) {
				assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of("n", n))))
					.status()).isEqualTo(202);
			}
			AppDeployment paused = Await.value("the app paused", Duration.ofSeconds(30), () -> live(app),
					d -> d != null && d.state() == DeploymentState.PAUSED);
			assertThat(paused.reason()).contains("failed 5 times").contains("answered 500");
			assertThat(paused.transitions()).anyMatch(t -> t.to() == DeploymentState.PAUSED
					&& AppDeployments.PLATFORM.equals(t.by()));
			// The tenant hears of it with the last errors (the notification module announces the transition).
			Await.until("the pause announced", Duration.ofSeconds(10), () -> !events.of(AppDeploymentChanged.class,
					e -> e.appId().equals(app) && e.to() == DeploymentState.PAUSED).isEmpty());
			assertThat(events.of(AppDeploymentChanged.class, e -> e.appId().equals(app) && e.to() == DeploymentState.PAUSED)
				.getFirst().reason()).contains("answered 500");

			receiver.answer(r -> 200);
			Await.value("the app resumed", Duration.ofSeconds(30), () -> live(app),
					d -> d != null && d.state() == DeploymentState.RUNNING);
			assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of("n", 6))))
				.status()).isEqualTo(202);
			Await.until("a call after the resume", Duration.ofSeconds(30), () -> receiver.received().stream()
				.anyMatch(r -> n(r) == 6));
			assertThat(Set.copyOf(receiver.received().stream().map(AppRuntimeIsolationIntegrationTests::n).toList()))
				.containsExactly(6);
		}
	}

	private AppDeployment live(UUID app) {
		return acme.asDeveloper(() -> deployments.list(app)).stream()
			.filter(d -> d.state() == DeploymentState.RUNNING || d.state() == DeploymentState.PAUSED)
			.findFirst()
			.map(d -> acme.asDeveloper(() -> deployments.get(app, d.id())))
			.orElse(null);
	}

	static int n(HttpReceiver.Received call) {
		return JSON.readTree(call.body()).get("n").asInt();
	}
}
