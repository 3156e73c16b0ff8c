package io.cirrus.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cirrus.app.AppDeployments;
import io.cirrus.app.Apps;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.DeviceId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.IngestSource;
import io.cirrus.telemetry.TelemetryIngest;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;
import io.cirrus.telemetry.internal.TelemetryProducer;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.TestTenant;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.cirrus.app.AppFormat;
import io.cirrus.app.EventTrace;
import io.cirrus.app.internal.AppEvaluator;
import io.cirrus.app.internal.AppEvent;
import io.cirrus.app.internal.AppState;
import io.cirrus.app.internal.CompiledApp;
import io.cirrus.app.internal.DeviceContext;

/**
 * {@code ./cirrus bench apps}: condition evaluation through 100 app versions (10 tenants x 10 apps, each a
 * telemetry trigger, a CEL condition over the reading, a setting and a window, and a notification rendered when it
 * fires) by the evaluator the dry-run and the runtime share, on one thread, beside a plain Java lambda doing the
 * same window and comparison in the same run. Each event is a reading of one tenant's device, evaluated by that
 * tenant's 10 apps, as the runtime does. Pure computation: no database, broker or network is involved.
 * <p>
 * {@link #runtimeOnKafka()} measures the runtime itself on the real services (docs/adr/0027).
 */
@Benchmark
class AppsBenchmark {

	static final int TENANTS = 10;

	static final int APPS = 10;

	static final int DEVICES = 1_000;

	static final long WARMUP_NANOS = 8_000_000_000L;

	static final long MEASURE_NANOS = 6_000_000_000L;

	static final int ROUNDS = 3;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Apps apps;

	@Autowired
	AppDeployments deployments;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	TelemetryIngest ingest;

	@Autowired
	TelemetryProducer producer;

	@Autowired
	DeviceTrafficTopics topics;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	KafkaProperties kafka;

	@Autowired
	TelemetryProperties telemetryProperties;

	@Autowired
	io.cirrus.app.AppRuntimeProperties runtimeProperties;

	static final int RUNTIME_DEVICES = 50;

	static final int RUNTIME_READINGS = 200_000;

	static final int E2E_RATE = 1_000;

	static final int E2E_SECONDS = 15;

	/**
	 * The apps runtime on the real services: 100 deployed apps (10 tenants x 10) consume the telemetry topic in their
	 * consumer group, beside two bare consumers reading and parsing the same records in the same run; then a
	 * reading's way from ingest through Kafka, the runtime and a webhook action to a local receiver at 1,000
	 * readings/s, beside Kafka's own produce-to-consume latency at the same rate.
	 */
	@Test
	void runtimeOnKafka() throws Exception {
		MessageListenerContainer runtime = listeners.getListenerContainer("app-runtime");
		awaitAssigned(runtime);
		List<TestTenant> tenants = new ArrayList<>();
		List<List<DeviceId>> fleets = new ArrayList<>();
		for (int t = 0; t < TENANTS; t++) {
			TestTenant tenant = TestTenant.create(jdbc);
			String tag = "t" + t;
			List<DeviceId> fleet = new ArrayList<>();
			for (int d = 0; d < RUNTIME_DEVICES; d++) {
				int n = d;
				fleet.add(tenant.asDeveloper(() -> registry.register(new DeviceRegistry.DeviceRequest("bench " + n, null,
						List.of(tag), null)).device().id()));
			}
			for (int a = 0; a < APPS; a++) {
				String source = app(t, a);
				UUID id = tenant.asDeveloper(() -> apps.create(source, AppFormat.YAML).app());
				tenant.asDeveloper(() -> deployments.deploy(id, 1, null));
			}
			tenants.add(tenant);
			fleets.add(fleet);
		}
		String topic = topics.telemetry();
		String group = topics.group("apps");
		// Warm up (device lookups, compiled versions, JIT), then pause the runtime (paused, not stopped: health's
		// recovery loop restarts stopped consumers) and queue the measured readings.
		produce(tenants, fleets, 20_000, 0);
		awaitCaughtUp(topic, group);
		runtime.pause();
		while (!runtime.isContainerPaused()) {
			Thread.sleep(50);
		}
		Map<TopicPartition, Long> start = endOffsets(topic);
		produce(tenants, fleets, RUNTIME_READINGS, 20_000);
		Map<TopicPartition, Long> end = endOffsets(topic);
		long total = end.values().stream().mapToLong(Long::longValue).sum() - start.values().stream().mapToLong(Long::longValue).sum();

		double bare = bareConsumers(start, end, total);

		long from = stored(topic, group);
		runtime.resume();
		long first = 0;
		long last = 0;
		long tenPercent = from + total / 10;
		long ninetyPercent = from + total * 9 / 10;
		long deadline = System.nanoTime() + 600_000_000_000L;
		while (System.nanoTime() < deadline) {
			long now = stored(topic, group);
			if (first == 0 && now >= tenPercent) {
				first = System.nanoTime();
			}
			if (now >= ninetyPercent) {
				last = System.nanoTime();
				break;
			}
			Thread.sleep(10);
		}
		double evaluated = total * 0.8 * 1e9 / (last - first);
		// The end-to-end figure is for a runtime that keeps up: the rest of the queued readings go first.
		awaitCaughtUp(topic, group);

		// End to end: readings at 1,000/s through ingest, the runtime and a webhook, timed at the receiver.
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		java.util.concurrent.atomic.AtomicLong measuredFrom = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			receiver.answer(r -> {
				String body = r.body();
				long sent = (long) Double.parseDouble(body.substring(body.indexOf(':') + 1, body.indexOf('}')).strip());
				if (sent >= measuredFrom.get()) {
					latencies.add(System.nanoTime() - sent); // the warm-up's readings are left out
				}
				return 200;
			});
			TestTenant tenant = tenants.getFirst();
			String source = """
					name: bench-e2e
					permissions: {devices: {tags: [t0]}, actions: [webhook], webhookHosts: ["127.0.0.1:%d"]}
					triggers:
					  - {id: readings, kind: telemetry, keys: [sent]}
					rules:
					  - id: each
					    condition: event.values.sent > 0.0
					    actions:
					      - {kind: webhook, url: "%s", body: '{"sent": {{ event.values.sent }}}'}
					""".formatted(receiver.port(), receiver.url("/e2e"));
			UUID id = tenant.asDeveloper(() -> apps.create(source, AppFormat.YAML).app());
			tenant.asDeveloper(() -> deployments.deploy(id, 1, null));
			paced(E2E_RATE, 2, n -> sendTimed(tenant, fleets.getFirst(), n));
			measuredFrom.set(System.nanoTime());
			int sent = paced(E2E_RATE, E2E_SECONDS, n -> sendTimed(tenant, fleets.getFirst(), n));
			long deadlineE2e = System.nanoTime() + 30_000_000_000L;
			while (latencies.size() < sent && System.nanoTime() < deadlineE2e) {
				Thread.sleep(50);
			}
		}
		long[] e2e = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		long[] kafkaOnly = kafkaRoundTrips(E2E_RATE, E2E_SECONDS);

		new BenchmarkReport("apps: the runtime on Kafka, " + TENANTS + " tenants x " + APPS + " deployed apps")
			.versus("readings/s evaluated by the apps runtime (consumer group, 100 apps, state checkpointed with offsets)", evaluated,
					"readings/s read and parsed by 2 bare consumers of the same records, same run", bare, "readings/s",
					"runtime >= 0.8 x bare")
			.figure("runtime / bare", evaluated / bare, "x")
			.versus("reading -> runtime -> webhook received, p50 at " + E2E_RATE + "/s", pct(e2e, 0.5) / 1e6,
					"Kafka produce -> consume alone, p50 at the same rate", pct(kafkaOnly, 0.5) / 1e6, "ms", "none")
			.versus("reading -> runtime -> webhook received, p99 at " + E2E_RATE + "/s", pct(e2e, 0.99) / 1e6,
					"Kafka produce -> consume alone, p99 at the same rate", pct(kafkaOnly, 0.99) / 1e6, "ms", "p99 <= 50 ms")
			.note(total + " readings of " + TENANTS * RUNTIME_DEVICES + " devices queued while the runtime was paused, "
					+ "then consumed by its " + runtimeProperties.concurrency() + " consumers; rate between 10% and 90% of them, from "
					+ "the positions it stored; the bare consumers read the same offsets with TelemetryRecordJson")
			.note("end to end, once the runtime had caught up with the queued readings: " + e2e.length + " readings sent in-process through TelemetryIngest (Kafka acks=all) to "
					+ RUNTIME_DEVICES + " devices, each firing a webhook; latency from before the send to the receiver")
			.publish(AppsBenchmark.class);
	}

	private static double pct(long[] sorted, double p) {
		return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

	private void sendTimed(TestTenant tenant, List<DeviceId> fleet, long n) {
		ingest.accept(tenant.id(), fleet.get((int) (n % fleet.size())), IngestSource.HTTP,
				("{\"values\":{\"sent\":" + System.nanoTime() + "}}").getBytes(StandardCharsets.UTF_8));
	}

	/** Calls {@code send} at {@code rate} per second for {@code seconds}; answers how many calls were made. */
	private static int paced(int rate, int seconds, java.util.function.LongConsumer send) throws InterruptedException {
		long start = System.nanoTime();
		long interval = 1_000_000_000L / rate;
		int count = rate * seconds;
		for (int n = 0; n < count; n++) {
			long due = start + n * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				java.util.concurrent.locks.LockSupport.parkNanos(wait);
			}
			send.accept(n);
		}
		return count;
	}

	private void produce(List<TestTenant> tenants, List<List<DeviceId>> fleets, int count, long offset) {
		List<CompletableFuture<Void>> sent = new ArrayList<>(count);
		Instant now = Instant.now();
		for (long n = offset; n < offset + count; n++) {
			int t = tenantOf(n);
			DeviceId device = fleets.get(t).get((int) ((n / TENANTS) % RUNTIME_DEVICES));
			// 15 to 25 degrees: below every app's threshold, so the runtime evaluates and nothing fires.
			double temperature = 15 + (n * 7919 % 1001) / 100.0;
			sent.add(producer.send(List.of(new TelemetryRecord(tenants.get(t).id(), device, TelemetryRecord.Kind.TELEMETRY,
					now.plusMillis(n), now, Map.of("temperature", temperature)))));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
	}

	private Map<TopicPartition, Long> endOffsets(String topic) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.buildConsumerProperties(),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
				.map(p -> new TopicPartition(topic, p.partition())).toList();
			return consumer.endOffsets(partitions);
		}
	}

	private long stored(String topic, String group) {
		return jdbc.sql("select coalesce(sum(next_offset), 0) from app_runtime_position where consumer_group = ? and topic = ?")
			.params(group, topic).query(Long.class).single();
	}

	private void awaitCaughtUp(String topic, String group) throws InterruptedException {
		long end = endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
		long deadline = System.nanoTime() + 300_000_000_000L;
		while (stored(topic, group) < end && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	private static void awaitAssigned(MessageListenerContainer runtime) throws InterruptedException {
		long deadline = System.nanoTime() + 60_000_000_000L;
		while ((runtime.getAssignedPartitions() == null || runtime.getAssignedPartitions().isEmpty())
				&& System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	/** Two bare consumers (as many as the runtime's) read and parse the records between the offsets; readings/s. */
	private double bareConsumers(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, long total)
			throws Exception {
		List<TopicPartition> partitions = new ArrayList<>(start.keySet());
		int consumers = 2;
		java.util.concurrent.atomic.AtomicLong parsed = new java.util.concurrent.atomic.AtomicLong();
		List<Thread> threads = new ArrayList<>();
		long begun = System.nanoTime();
		for (int c = 0; c < consumers; c++) {
			List<TopicPartition> mine = new ArrayList<>();
			for (int i = c; i < partitions.size(); i += consumers) {
				mine.add(partitions.get(i));
			}
			threads.add(Thread.ofPlatform().start(() -> {
				Map<String, Object> config = kafka.buildConsumerProperties();
				config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
				try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
						new ByteArrayDeserializer())) {
					consumer.assign(mine);
					mine.forEach(p -> consumer.seek(p, start.get(p)));
					Map<TopicPartition, Long> remaining = new java.util.HashMap<>();
					mine.forEach(p -> remaining.put(p, end.get(p)));
					while (!remaining.isEmpty()) {
						for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
							parsed.addAndGet(TelemetryRecordJson.readAll(record.value()).size());
							TopicPartition p = new TopicPartition(record.topic(), record.partition());
							if (remaining.containsKey(p) && record.offset() + 1 >= remaining.get(p)) {
								remaining.remove(p);
							}
						}
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return parsed.get() * 1e9 / (System.nanoTime() - begun);
	}

	/** Kafka alone: records produced at the rate (acks=all, ingest's settings) and consumed; latencies, sorted. */
	private long[] kafkaRoundTrips(int rate, int seconds) throws Exception {
		String topic = topics.telemetry() + ".bench-latency";
		try (var admin = org.apache.kafka.clients.admin.AdminClient.create(kafka.buildAdminProperties())) {
			admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all()
				.get(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException e) {
			// it exists from an earlier run
		}
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		Map<String, Object> config = kafka.buildConsumerProperties();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
				KafkaProducer<String, byte[]> kafkaProducer = new KafkaProducer<>(
						TelemetryProducer.config(kafka, telemetryProperties.ingest()),
						new StringSerializer(), new ByteArraySerializer())) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToEnd(List.of(partition));
			consumer.position(partition);
			java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
			Thread reader = Thread.ofPlatform().start(() -> {
				while (!done.get()) {
					for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
						latencies.add(System.nanoTime() - Long.parseLong(new String(record.value(), StandardCharsets.US_ASCII)));
					}
				}
			});
			int count = paced(rate, seconds, n -> kafkaProducer.send(new ProducerRecord<>(topic, "k" + n % 100,
					Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII))));
			long deadline = System.nanoTime() + 10_000_000_000L;
			while (latencies.size() < count && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			done.set(true);
			reader.join();
		}
		return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
	}

	@Test
	void conditionEvaluation() {
		List<List<CompiledApp>> tenants = new ArrayList<>();
		for (int t = 0; t < TENANTS; t++) {
			List<CompiledApp> apps = new ArrayList<>();
			for (int a = 0; a < APPS; a++) {
				apps.add(CompiledApp.from(app(t, a), AppFormat.YAML));
			}
			tenants.add(apps);
		}
		List<List<DeviceContext>> devices = new ArrayList<>();
		for (int t = 0; t < TENANTS; t++) {
			List<DeviceContext> fleet = new ArrayList<>();
			for (int d = 0; d < DEVICES; d++) {
				fleet.add(new DeviceContext("00000000-0000-4000-8000-" + String.format("%06d%06d", t, d), "device " + t + "-" + d,
						List.of("t" + t, "floor-" + (d % 5)), "p" + t, "Sensors", Map.of()));
			}
			devices.add(fleet);
		}
		Cel cel = new Cel(tenants, devices);
		Lambda lambda = new Lambda();
		run(cel, WARMUP_NANOS);
		run(lambda, WARMUP_NANOS);
		double[] celRates = new double[ROUNDS];
		double[] celWall = new double[ROUNDS];
		double[] lambdaRates = new double[ROUNDS];
		long[] p99 = new long[ROUNDS];
		long[] p50 = new long[ROUNDS];
		for (int r = 0; r < ROUNDS; r++) {
			Measured measured = run(cel, MEASURE_NANOS);
			celRates[r] = measured.eventsPerSecond();
			celWall[r] = measured.eventsPerWallSecond();
			p50[r] = measured.percentile(0.50);
			p99[r] = measured.percentile(0.99);
			lambdaRates[r] = run(lambda, MEASURE_NANOS).eventsPerSecond();
		}
		double celRate = median(celRates);
		double lambdaRate = median(lambdaRates);
		new BenchmarkReport("apps: condition evaluation, " + TENANTS + " tenants x " + APPS + " apps, one thread")
			.versus("events per CPU-second through their tenant's 10 apps (CEL, shared evaluator)", celRate,
					"events per CPU-second, plain Java lambda, same window and comparison", lambdaRate, "events/s",
					"none set; the gap is the price of CEL")
			.figure("app evaluations/s (CEL)", celRate * APPS, "evaluations/s")
			.figure("evaluation of one event by 10 apps, p50", p50[ROUNDS / 2] / 1000.0, "us")
			.figure("evaluation of one event by 10 apps, p99 (median of rounds)", medianOf(p99) / 1000.0, "us")
			.figure("fired share of evaluations (CEL run)", cel.firedShare() * 100, "%")
			.note("rounds: " + ROUNDS + " x " + MEASURE_NANOS / 1_000_000_000 + " s each, after " + WARMUP_NANOS / 1_000_000_000
					+ " s warm-up per side; CEL rates per round " + Arrays.toString(round(celRates)) + " (wall-clock "
					+ Arrays.toString(round(celWall)) + "), lambda " + Arrays.toString(round(lambdaRates)))
			.note("rates count the evaluating thread's CPU time (the machine is shared); latencies are wall-clock and "
					+ "include waiting for the CPU and garbage collection")
			.note("each app: telemetry trigger selecting its tenant's devices, a 5-minute avg window, condition "
					+ "'event.values.temperature > app.settings.threshold && blocks.avg5 > 20.0', a notification title rendered when it fires")
			.publish(AppsBenchmark.class);
	}

	static String app(int tenant, int app) {
		return """
				name: bench-%d-%d
				settings:
				  threshold: {type: number, value: %d}
				permissions: {devices: {tags: [t%d]}, actions: [notify]}
				triggers:
				  - {id: readings, kind: telemetry, keys: [temperature]}
				blocks:
				  - {id: avg5, kind: window, key: temperature, function: avg, window: 5m}
				rules:
				  - id: warm
				    condition: event.values.temperature > app.settings.threshold && blocks.avg5 > 20.0
				    actions:
				      - kind: notify
				        recipients: [user:ops]
				        title: "{{ device.name }} at {{ event.values.temperature }} (avg {{ blocks.avg5 }})"
				""".formatted(tenant, app, 26 + app / 2, tenant);
	}

	/** One way to evaluate an event by its tenant's apps. */
	interface Side {

		/** Evaluates the n-th event; answers the nanoseconds it took. */
		long event(long n);
	}

	/**
	 * A measured run: events, wall time, the evaluating thread's CPU time (the machine is shared, so rates are per
	 * second of that thread's CPU, what one core would do), and per-event latencies (wall).
	 */
	record Measured(long events, long nanos, long cpuNanos, long[] latencies, int count) {

		double eventsPerSecond() {
			return events * 1e9 / cpuNanos;
		}

		double eventsPerWallSecond() {
			return events * 1e9 / nanos;
		}

		long percentile(double p) {
			long[] sorted = Arrays.copyOf(latencies, count);
			Arrays.sort(sorted);
			return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
		}
	}

	static Measured run(Side side, long duration) {
		long[] latencies = new long[4_000_000];
		int count = 0;
		long events = 0;
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long cpu = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long end = start + duration;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1000; i++) {
				long took = side.event(events++);
				if (count < latencies.length) {
					latencies[count++] = took;
				}
			}
		}
		return new Measured(events, System.nanoTime() - start, threads.getCurrentThreadCpuTime() - cpu, latencies, count);
	}

	/** The reading of the n-th event: tenant, device, time and a temperature between 15 and 35. */
	static int tenantOf(long n) {
		return (int) (n % TENANTS);
	}

	static int deviceOf(long n) {
		return (int) ((n / TENANTS) % DEVICES);
	}

	static long millisOf(long n) {
		return 1_765_000_000_000L + n * 10;
	}

	static double temperatureOf(long n) {
		return 15 + (n * 7919 % 2001) / 100.0;
	}

	/** The shared evaluator: each app of the event's tenant, with its own state. */
	static final class Cel implements Side {

		private final List<List<CompiledApp>> tenants;

		private final List<List<DeviceContext>> devices;

		private final List<List<AppState>> states = new ArrayList<>();

		private final List<List<AppEvaluator.Identity>> identities = new ArrayList<>();

		private long evaluations;

		private long fired;

		Cel(List<List<CompiledApp>> tenants, List<List<DeviceContext>> devices) {
			this.tenants = tenants;
			this.devices = devices;
			for (int t = 0; t < TENANTS; t++) {
				List<AppState> s = new ArrayList<>();
				List<AppEvaluator.Identity> ids = new ArrayList<>();
				for (int a = 0; a < APPS; a++) {
					s.add(new AppState());
					ids.add(new AppEvaluator.Identity("app-" + t + "-" + a, "bench-" + t + "-" + a));
				}
				states.add(s);
				identities.add(ids);
			}
		}

		@Override
		public long event(long n) {
			int t = tenantOf(n);
			AppEvent event = new AppEvent("telemetry", null, devices.get(t).get(deviceOf(n)), Instant.ofEpochMilli(millisOf(n)),
					Map.of("temperature", temperatureOf(n), "humidity", 40.0));
			long start = System.nanoTime();
			List<CompiledApp> apps = tenants.get(t);
			for (int a = 0; a < APPS; a++) {
				EventTrace trace = AppEvaluator.evaluate(apps.get(a), identities.get(t).get(a), event, states.get(t).get(a), 0,
						false);
				evaluations++;
				if (trace.fired()) {
					fired++;
				}
			}
			return System.nanoTime() - start;
		}

		double firedShare() {
			return evaluations == 0 ? 0 : (double) fired / evaluations;
		}
	}

	/** The same work written by hand: a 5-minute window per app and device, and the comparison. */
	static final class Lambda implements Side {

		record Sample(long at, double value) {
		}

		/** Per tenant, app and device: the window. */
		private final ArrayDeque<Sample>[][][] windows;

		private final java.util.function.BiPredicate<Double, Double>[] conditions;

		private final double[] thresholds = new double[APPS];

		long fired;

		@SuppressWarnings("unchecked")
		Lambda() {
			windows = new ArrayDeque[TENANTS][APPS][DEVICES];
			conditions = new java.util.function.BiPredicate[APPS];
			for (int a = 0; a < APPS; a++) {
				thresholds[a] = 26 + a / 2;
				double threshold = thresholds[a];
				conditions[a] = (temperature, avg) -> temperature > threshold && avg > 20.0;
			}
		}

		@Override
		public long event(long n) {
			int t = tenantOf(n);
			int d = deviceOf(n);
			long at = millisOf(n);
			double temperature = temperatureOf(n);
			long start = System.nanoTime();
			for (int a = 0; a < APPS; a++) {
				ArrayDeque<Sample> window = windows[t][a][d];
				if (window == null) {
					window = windows[t][a][d] = new ArrayDeque<>();
				}
				window.addLast(new Sample(at, temperature));
				while (window.peekFirst().at() <= at - 300_000) {
					window.removeFirst();
				}
				double sum = 0;
				for (Sample s : window) {
					sum += s.value();
				}
				if (conditions[a].test(temperature, sum / window.size())) {
					fired++;
				}
			}
			return System.nanoTime() - start;
		}
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	static long medianOf(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	static long[] round(double[] values) {
		return Arrays.stream(values).mapToLong(Math::round).toArray();
	}
}
