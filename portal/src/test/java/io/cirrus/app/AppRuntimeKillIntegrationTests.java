package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.CirrusProcess;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;

/**
 * A Cirrus instance killed with SIGKILL while its apps runtime holds device state: a second instance (its own JVM,
 * the same application and services) takes some of the runtime's partitions, counts readings in a window and starts
 * an absence timer for devices on them, and is killed at once (no shutdown, no revoked partitions). The remaining
 * instance takes the partitions over with the state and offsets the killed one checkpointed: the window goes on
 * counting from where it was, the absence timer fires once, nothing is counted twice.
 */
@CirrusIntegrationTest
class AppRuntimeKillIntegrationTests extends RuntimeTest {

	@Autowired
	DeviceTrafficTopics topics;

	@Autowired
	TelemetryProperties telemetry;

	@Test
	void aWindowAndAnAbsenceTimerKeepTheirStateWhenTheInstanceHoldingThemIsKilled() {
		MessageListenerContainer first = listeners.getListenerContainer(RuntimeFixture.RUNTIME);
		Set<Integer> all = partitions(first);
		// The killed instance leaves the group when its session times out: a short one, so the test need not wait 45 s.
		try (CirrusProcess second = CirrusProcess.start("cirrus-killed", 20, List.of(
				"spring.kafka.consumer.properties.session.timeout.ms=6000",
				"spring.kafka.consumer.properties.heartbeat.interval.ms=1000"))) {
			Set<Integer> kept = Await.value("the second instance taking some of the runtime's partitions",
					Duration.ofSeconds(90), () -> settled(first), p -> !p.isEmpty() && p.size() < all.size());
			Set<Integer> moved = new TreeSet<>(all);
			moved.removeAll(kept);
			System.out.printf("partitions held by the second instance: %s, by this one: %s%n", moved, kept);

			String dev = Keycloak.token("acme-dev");
			String tag = AppFixture.tag();
			DeviceApi.Registered counted = deviceOn(moved, dev, "Counted", tag);
			DeviceApi.Registered silent = deviceOn(moved, dev, "Silent", tag);
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
						  - {id: quiet, kind: absence, key: temperature, after: 20s}
						rules:
						  - id: count
						    triggers: [readings]
						    actions:
						      - {kind: webhook, url: "%s", body: '{"device": "{{ device.id }}", "count": {{ blocks.seen }}}'}
						  - id: gone
						    triggers: [quiet]
						    actions:
						      - {kind: webhook, url: "%s", body: '{"device": "{{ device.id }}"}'}
						""".formatted(AppFixture.name("Killed"), tag, receiver.port(), receiver.url("/count"),
						receiver.url("/gone")))
					.json().get("app").asString();
				RuntimeFixture.deploy(acme, deployments, app, 1);

				AppRuntimeIntegrationTests.reading(counted, 20);
				AppRuntimeIntegrationTests.reading(counted, 21);
				AppRuntimeIntegrationTests.reading(counted, 22);
				AppRuntimeIntegrationTests.reading(silent, 5);
				Await.until("three counts and the silent device's one", Duration.ofSeconds(30),
						() -> counts(receiver, counted).size() == 3 && counts(receiver, silent).size() == 1);
				// The runtime checkpoints every flush interval (1 s in the tests): let it store what it counted.
				AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(3));
				assertThat(partitions(first)).as("this instance still does not hold the devices' partitions")
					.doesNotContainAnyElementsOf(moved);
				assertThat(AppRuntimeIntegrationTests.calls(receiver, "/gone")).as("no absence yet").isEmpty();

				second.kill();

				Await.until("this instance holding every partition again", Duration.ofSeconds(90),
						() -> partitions(first).equals(all));
				AppRuntimeIntegrationTests.reading(counted, 23);
				Await.until("the fourth count", Duration.ofSeconds(30), () -> counts(receiver, counted).size() == 4);
				assertThat(counts(receiver, counted)).containsExactlyInAnyOrder(1, 2, 3, 4);
				Await.until("the silent device's absence", Duration.ofSeconds(60),
						() -> gone(receiver, silent) == 1);
				AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(5));
				assertThat(gone(receiver, silent)).as("the absence fired once").isEqualTo(1);
				assertThat(counts(receiver, silent)).containsExactly(1);
				assertThat(counts(receiver, counted)).containsExactlyInAnyOrder(1, 2, 3, 4);
			}
		}
	}

	/** A device of the tag whose traffic goes to one of the given partitions (Kafka's default partitioner). */
	private DeviceApi.Registered deviceOn(Set<Integer> partitions, String token, String name, String tag) {
		for (int i = 0; i < 64; i++) {
			DeviceApi.Registered device = AppFixture.register(token, name + " " + i + " " + tag, tag);
			byte[] key = DeviceTrafficTopics.key(acme.id(), device.id()).getBytes(StandardCharsets.UTF_8);
			if (partitions.contains(Utils.toPositive(Utils.murmur2(key)) % telemetry.topics().partitions())) {
				return device;
			}
		}
		throw new IllegalStateException("no device on partitions " + partitions + " after 64 tries");
	}

	/** This instance's partitions of the telemetry topic once they stayed the same for 3 s. */
	private Set<Integer> settled(MessageListenerContainer first) {
		Set<Integer> before = partitions(first);
		AppRuntimeIntegrationTests.sleep(Duration.ofSeconds(3));
		return partitions(first).equals(before) ? before : Set.of();
	}

	private Set<Integer> partitions(MessageListenerContainer container) {
		Set<Integer> numbers = new TreeSet<>();
		var assigned = container.getAssignedPartitions();
		if (assigned != null) {
			assigned.stream().filter(p -> p.topic().equals(topics.telemetry())).forEach(p -> numbers.add(p.partition()));
		}
		return numbers;
	}

	private static List<Integer> counts(HttpReceiver receiver, DeviceApi.Registered device) {
		List<Integer> counts = new ArrayList<>();
		for (HttpReceiver.Received call : AppRuntimeIntegrationTests.calls(receiver, "/count")) {
			var body = JSON.readTree(call.body());
			if (body.get("device").asString().equals(device.id())) {
				counts.add(body.get("count").asInt());
			}
		}
		return counts;
	}

	private static long gone(HttpReceiver receiver, DeviceApi.Registered device) {
		return AppRuntimeIntegrationTests.calls(receiver, "/gone").stream()
			.filter(c -> JSON.readTree(c.body()).get("device").asString().equals(device.id()))
			.count();
	}
}
