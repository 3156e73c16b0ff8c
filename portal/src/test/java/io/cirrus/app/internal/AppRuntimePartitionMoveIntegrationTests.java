package io.cirrus.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cirrus.app.AppRuntimeProperties;
import io.cirrus.device.DeviceDirectory;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partition moving to another instance: a second apps runtime (its own {@link AppRuntime} and its own consumer,
 * built from the same container factory, in the same consumer group, as a second Cirrus instance would run) joins;
 * the partitions it takes resume there with the window state and offsets the first one stored, and come back when it
 * leaves: no window restarts from empty, no reading counted twice. An absence timer started before the move fires
 * once, on the instance its partition moved to.
 */
@CirrusIntegrationTest
class AppRuntimePartitionMoveIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	ApplicationContext context;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	ConcurrentKafkaListenerContainerFactory<String, byte[]> appRuntimeListenerFactory;

	@Autowired
	DeviceTrafficTopics topics;

	@Test
	void aWindowResumesOnTheInstanceItsPartitionMovesToWithItsStateAndOffsets() {
		MessageListenerContainer first = runningRuntime();
		Set<Integer> all = partitions(first.getAssignedPartitions());
		String dev = Keycloak.token("acme-dev");
		String tag = "move-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, DeviceApi.Registered> devices = register(dev, "Mover", tag, 16);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String yaml = """
					name: Mover %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: readings, kind: telemetry, keys: [n]}
					blocks:
					  - {id: seen, kind: window, key: n, function: count, window: 10m}
					rules:
					  - id: count
					    actions:
					      - {kind: webhook, url: "%s", body: '{"device": "{{ device.id }}", "n": {{ event.values.n }}, "count": {{ blocks.seen }}}'}
					""".formatted(tag, tag, receiver.port(), receiver.url("/count"));
			Answer created = Api.postBytes("/api/v1/apps", dev, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			String app = created.json().get("app").asString();
			Answer deployed = Api.post("/api/v1/apps/" + app + "/deployments", dev, "{\"version\": 1}");
			assertThat(deployed.status()).as(deployed.body()).isIn(200, 201);

			send(devices, 1, receiver);
			send(devices, 2, receiver);

			// A second runtime joins the group: it takes some partitions from the first.
			Second second = second();
			ConcurrentMessageListenerContainer<String, byte[]> container = container(second);
			container.start();
			try {
				Await.until("the partitions shared by both runtimes", Duration.ofSeconds(60),
						() -> sharedWithoutOverlap(first, container));
				Set<Integer> moved = partitions(container.getAssignedPartitions());
				System.out.printf("partitions moved to the second runtime: %s, the first keeps %s%n", moved,
						partitions(first.getAssignedPartitions()));
				send(devices, 3, receiver);
				assertThat(second.devices).as("devices whose partition moved to the second runtime")
					.containsAnyElementsOf(devices.keySet());
				send(devices, 4, receiver);
			}
			finally {
				container.stop();
			}
			// Back to the first runtime, from the state the second stored.
			Await.until("the first runtime holding every partition again", Duration.ofSeconds(60),
					() -> first.getAssignedPartitions() != null
							&& partitions(first.getAssignedPartitions()).equals(all));
			send(devices, 5, receiver);

			Map<String, List<String>> byDevice = new TreeMap<>();
			for (HttpReceiver.Received call : receiver.received()) {
				var body = JSON.readTree(call.body());
				byDevice.computeIfAbsent(body.get("device").asString(), d -> new ArrayList<>())
					.add(body.get("n").asInt() + "=" + body.get("count").asInt());
			}
			assertThat(byDevice.keySet()).isEqualTo(devices.keySet());
			byDevice.forEach((device, counts) -> assertThat(counts).as("reading=count of device %s (moved: %s)", device,
					second.devices.contains(device)).containsExactlyInAnyOrder("1=1", "2=2", "3=3", "4=4", "5=5"));
		}
	}

	@Test
	void anAbsenceTimerStartedBeforeItsPartitionMovesFiresOnceOnTheInstanceItMovedTo() {
		MessageListenerContainer first = runningRuntime();
		Set<Integer> all = partitions(first.getAssignedPartitions());
		String dev = Keycloak.token("acme-dev");
		String tag = "quiet-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, DeviceApi.Registered> devices = register(dev, "Quiet", tag, 16);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			String yaml = """
					name: Quiet %s
					permissions:
					  devices: {tags: [%s]}
					  actions: [webhook]
					  webhookHosts: ["127.0.0.1:%d"]
					triggers:
					  - {id: readings, kind: telemetry, keys: [n]}
					blocks:
					  - {id: silent, kind: absence, key: n, after: 20s}
					rules:
					  - id: heard
					    triggers: [readings]
					    actions:
					      - {kind: webhook, url: "%s", body: '{"device": "{{ device.id }}"}'}
					  - id: gone
					    triggers: [silent]
					    actions:
					      - {kind: webhook, url: "%s", body: '{"device": "{{ device.id }}"}'}
					""".formatted(tag, tag, receiver.port(), receiver.url("/heard"), receiver.url("/gone"));
			Answer created = Api.postBytes("/api/v1/apps", dev, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			String app = created.json().get("app").asString();
			Answer deployed = Api.post("/api/v1/apps/" + app + "/deployments", dev, "{\"version\": 1}");
			assertThat(deployed.status()).as(deployed.body()).isIn(200, 201);

			// Each device's timer starts in the first runtime, which checkpoints it (every second in the tests).
			send(devices, 1, receiver);
			sleep(Duration.ofSeconds(2));

			Second second = second();
			ConcurrentMessageListenerContainer<String, byte[]> container = container(second);
			container.start();
			try {
				Await.until("the partitions shared by both runtimes", Duration.ofSeconds(60),
						() -> sharedWithoutOverlap(first, container));
				assertThat(calls(receiver, "/gone")).as("no absence before the move (the move took too long)").isEmpty();
				Set<Integer> moved = partitions(container.getAssignedPartitions());
				TenantId acme = new TenantId(UUID.fromString(Api.get("/api/v1/me", dev).json().get("tenant").get("id").asString()));
				Set<String> movedDevices = new HashSet<>();
				devices.keySet().forEach(d -> {
					if (moved.contains(partition(acme, d))) {
						movedDevices.add(d);
					}
				});
				System.out.printf("partitions moved to the second runtime: %s, with the timers of %d devices%n", moved,
						movedDevices.size());
				assertThat(movedDevices).as("devices whose timer moved").isNotEmpty();
				Await.until("an absence per device", Duration.ofSeconds(60),
						() -> calls(receiver, "/gone").size() >= devices.size());
				assertThat(partitions(container.getAssignedPartitions())).as("still on the second runtime")
					.isEqualTo(moved);
			}
			finally {
				container.stop();
			}
			Await.until("the first runtime holding every partition again", Duration.ofSeconds(60),
					() -> first.getAssignedPartitions() != null
							&& partitions(first.getAssignedPartitions()).equals(all));
			sleep(Duration.ofSeconds(5));
			assertThat(calls(receiver, "/gone")).extracting(c -> JSON.readTree(c.body()).get("device").asString())
				.as("one absence per device, wherever its timer was")
				.containsExactlyInAnyOrderElementsOf(devices.keySet());
		}
	}

	private Map<String, DeviceApi.Registered> register(String token, String name, String tag, int count) {
		Map<String, DeviceApi.Registered> devices = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			Answer registered = Api.post("/api/v1/devices", token, Api.json(Map.of("name", name + " " + i + " " + tag,
					"tags", List.of(tag))));
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			devices.put(registered.json().get("device").get("id").asString(), new DeviceApi.Registered(
					registered.json().get("device").get("id").asString(), registered.json().get("token").asString()));
		}
		return devices;
	}

	/** The partition of a device of acme's traffic (Kafka's default partitioner on the key tenant:device). */
	private int partition(TenantId tenant, String device) {
		byte[] key = DeviceTrafficTopics.key(tenant, device).getBytes(StandardCharsets.UTF_8);
		return Utils.toPositive(Utils.murmur2(key)) % context.getBean(TelemetryProperties.class).topics().partitions();
	}

	private Second second() {
		return new Second(new AppRuntime(context.getBean(RuntimeDeployments.class),
				context.getBean(RuntimeCheckpoints.class), context.getBean(RuntimeActions.class),
				context.getBean(RuntimeLedger.class), context.getBean(DeviceDirectory.class), topics,
				context.getBean(AppRuntimeProperties.class)));
	}

	/** A second runtime's consumer, in the same group, as a second Cirrus instance runs it. */
	private ConcurrentMessageListenerContainer<String, byte[]> container(Second second) {
		ConcurrentMessageListenerContainer<String, byte[]> container = appRuntimeListenerFactory
			.createContainer(topics.telemetry(), topics.events());
		container.getContainerProperties().setGroupId(topics.group("apps"));
		container.getContainerProperties().setMessageListener(second);
		container.setConcurrency(1);
		container.setBeanName("app-runtime-second");
		return container;
	}

	private static List<HttpReceiver.Received> calls(HttpReceiver receiver, String path) {
		return receiver.received().stream().filter(r -> r.path().equals(path)).toList();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	/** Sends reading n from every device and waits for each device's call. */
	private static void send(Map<String, DeviceApi.Registered> devices, int n, HttpReceiver receiver) {
		int before = receiver.received().size();
		for (DeviceApi.Registered device : devices.values()) {
			Answer sent = DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("values", Map.of("n", n))));
			assertThat(sent.status()).as(sent.body()).isEqualTo(202);
		}
		Await.until("a call per device for reading " + n, Duration.ofSeconds(60),
				() -> receiver.received().size() >= before + devices.size());
	}

	private static boolean sharedWithoutOverlap(MessageListenerContainer first, MessageListenerContainer second) {
		Collection<TopicPartition> a = first.getAssignedPartitions();
		Collection<TopicPartition> b = second.getAssignedPartitions();
		if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
			return false;
		}
		Set<TopicPartition> both = new HashSet<>(a);
		both.retainAll(b);
		return both.isEmpty();
	}

	/** The application's own apps runtime, once it holds partitions. */
	private MessageListenerContainer runningRuntime() {
		MessageListenerContainer runtime = listeners.getListenerContainer(AppRuntime.ID);
		Await.until("the apps runtime holds its partitions", Duration.ofSeconds(60), () -> runtime.isRunning()
				&& runtime.getAssignedPartitions() != null && !runtime.getAssignedPartitions().isEmpty());
		return runtime;
	}

	private static Set<Integer> partitions(Collection<TopicPartition> partitions) {
		Set<Integer> numbers = new java.util.TreeSet<>();
		partitions.forEach(p -> numbers.add(p.partition()));
		return numbers;
	}

	/** The second instance's listener: its own runtime, and which devices' readings it evaluated. */
	static final class Second implements BatchMessageListener<String, byte[]>, ConsumerSeekAware {

		final AppRuntime runtime;

		final Set<String> devices = ConcurrentHashMap.newKeySet();

		Second(AppRuntime runtime) {
			this.runtime = runtime;
		}

		@Override
		public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
			runtime.onRecords(records);
			for (ConsumerRecord<String, byte[]> record : records) {
				String key = record.key();
				if (key != null && key.indexOf(':') > 0) {
					devices.add(key.substring(key.lastIndexOf(':') + 1));
				}
			}
		}

		@Override
		public void registerSeekCallback(ConsumerSeekCallback callback) {
			runtime.registerSeekCallback(callback);
		}

		@Override
		public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
			runtime.onPartitionsAssigned(assignments, callback);
		}

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			runtime.onPartitionsRevoked(partitions);
		}
	}
}
