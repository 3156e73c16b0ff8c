package io.cirrus.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;
import io.cirrus.telemetry.internal.TelemetryProducer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.MqttDevice;
import io.cirrus.test.TestTenant;

/**
 * {@code ./cirrus bench ingest}: durable end-to-end ingest (Kafka acknowledged the message and storage committed it
 * to PostgreSQL) in messages per second over HTTP, single readings and batches, next to the raw Kafka producer with
 * the same settings and payloads in the same run: pipelined (the producer's best), and in the pattern of each path
 * (a send awaited per request by the same number of concurrent callers); over MQTT also next to the same publishes
 * into the machine's Mosquitto alone (a C broker that stores nothing). Single HTTP readings are also sent from wrk,
 * outside the JVM, when it is installed. Also p50/p99 of the HTTP answer (Kafka acknowledged) and of the PUBACK, and
 * heap with 100,000 devices whose tokens are all cached.
 */
@Benchmark
class IngestBenchmark {

	static final int DEVICES = 100_000;

	/**
	 * Concurrent HTTP clients, each a device connection sending one request at a time: with Kafka's acknowledgement
	 * taking about a linger (5 ms) plus a round trip, 64 could not pass about 10,000 requests/s even with a free
	 * server (the raw producer awaited by 64 callers did 9,950/s); a fleet has far more devices than that.
	 */
	static final int CLIENTS = Integer.getInteger("bench.ingest.clients", 256);

	static final int SINGLE = Integer.getInteger("bench.ingest.single", 60_000);

	/** How long wrk sends single readings (it runs for a time, not a count). */
	static final int WRK_SECONDS = Integer.getInteger("bench.ingest.wrkSeconds", 10);

	/**
	 * wrk first sends this long unmeasured, so that its run measures the server in its steady state: after the JVM
	 * clients' runs, C2 was still compiling (first compilations of hundreds of methods of Netty, Kafka and the
	 * consumers) on 12 to 25% of a core in runs measured after 30 s of wrk's load, on 2.4% in one measured after 90 s
	 * (top, -XX:+LogCompilation); a server that has been up for a while does not pay that.
	 */
	static final int WRK_WARMUP_SECONDS = Integer.getInteger("bench.ingest.wrkWarmupSeconds", 90);

	static final int BATCH = 50;

	static final int BATCHED = Integer.getInteger("bench.ingest.batched", 300_000);

	/** Devices that send during the runs (each several times, as a fleet reporting every few seconds would). */
	static final int ACTIVE = 10_000;

	/** Requests from devices whose tokens were never cached (each a cache miss). */
	static final int COLD = Integer.getInteger("bench.ingest.cold", 10_000);

	/** Readings over MQTT (QoS 1), the connections that send them, and the publishes each may have unacknowledged. */
	static final int MQTT = Integer.getInteger("bench.ingest.mqtt", 300_000);

	static final int MQTT_CONNECTIONS = 64;

	static final int MQTT_WINDOW = Integer.getInteger("bench.ingest.mqttWindow", 10);

	/**
	 * A fleet over MQTT: this many devices connected at once, each waiting for its PUBACK before the next reading,
	 * so that PostgreSQL pays per device (latest values, sightings) as in the HTTP runs, which 64 connections hide.
	 */
	static final int MQTT_FLEET = Integer.getInteger("bench.ingest.mqttFleet", 4_000);

	static final int MQTT_FLEET_MESSAGES = Integer.getInteger("bench.ingest.mqttFleetMessages", 200_000);

	static final String ALIAS = "bench-ingest";


	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	DeviceCredentials credentials;

	@Autowired
	KafkaProperties kafka;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	TelemetryProperties properties;

	@Test
	void ingestFigures() throws Exception {
		BenchmarkReport report = new BenchmarkReport("ingest: device telemetry over HTTP and MQTT -> Kafka -> PostgreSQL (2 cores, one JVM for load and server)");
		TestTenant tenant = tenant();
		List<String> tokens = registerDevices(tenant);
		long heapBefore = heapAfterGc();
		// As if the fleet had reported recently: every token cached; the cold devices have not reported yet.
		tokens.subList(0, DEVICES).forEach(credentials::authenticate);
		long heapWithFleet = heapAfterGc();

		List<String> active = tokens.subList(0, ACTIVE);
		// Warm-up: JIT (on 2 busy cores C2 still took a quarter of a core after 20,000 requests), connections, the
		// active devices' tokens.
		http(tenant, active, 50_000, 1, DEVICE_ENDPOINT, "warm-up");
		http(tenant, active, 5_000, 1, API_PORT, "warm-up (API port)");

		byte[] sample = recordBytes(tenant.id(), DeviceId.random(), 1);
		byte[] batchSample = recordBytes(tenant.id(), DeviceId.random(), BATCH);
		Raw raw = rawProducer(sample, batchSample);

		Run single = http(tenant, active, SINGLE, 1, DEVICE_ENDPOINT, "single");
		wrk(tenant, active, WRK_WARMUP_SECONDS, "warm-up, from wrk");
		Run wrk = wrk(tenant, active, WRK_SECONDS, "single, from wrk");
		Run pipelined = pipelined(tenant, active, SINGLE, "single, pipelined");
		Run batched = http(tenant, active, BATCHED, BATCH, DEVICE_ENDPOINT, "batched");
		Run singleApi = http(tenant, active, SINGLE / 4, 1, API_PORT, "single (API port)");
		Run batchedApi = http(tenant, active, BATCHED / 4, BATCH, API_PORT, "batched (API port)");
		// Devices not heard from since this instance started: every request looks its token up in PostgreSQL.
		Run cold = http(tenant, tokens.subList(DEVICES, DEVICES + COLD), COLD, 1, DEVICE_ENDPOINT, "cold");
		mqtt(tenant, tokens, 30_000, MQTT_CONNECTIONS, MQTT_WINDOW, "mqtt warm-up");
		Run mqtt = mqtt(tenant, tokens, MQTT, MQTT_CONNECTIONS, MQTT_WINDOW, "mqtt");
		Run fleet = mqtt(tenant, tokens, MQTT_FLEET_MESSAGES, MQTT_FLEET, 1, "mqtt, fleet");
		double mosquitto = mosquittoAlone();

		report.versus("HTTP single readings on the device endpoint, stored (" + CLIENTS + " clients)", single.storedPerSecond(),
				"raw producer, one awaited send per request, " + CLIENTS + " callers", raw.awaitedSingle(), "msg/s", ">= 0.3x");
		report.figure("  vs raw producer pipelined (baseline, same run)", raw.pipelined(), "msg/s");
		report.figure("  ratio to pipelined", single.storedPerSecond() / raw.pipelined(), "x");
		report.figure("  acknowledged (202) per second", single.ackedPerSecond(), "msg/s");
		report.figure("  HTTP answer latency p50", single.p50(), "ms");
		report.figure("  HTTP answer latency p99", single.p99(), "ms");
		report.figure("  last 202 to all stored", single.drainMillis(), "ms");
		if (wrk != null) {
			report.versus("HTTP single readings on the device endpoint, stored (" + CLIENTS + " connections from wrk, "
					+ WRK_SECONDS + " s)", wrk.storedPerSecond(), "raw producer, one awaited send per request, " + CLIENTS
					+ " callers", raw.awaitedSingle(), "msg/s", ">= 0.3x");
			report.figure("  acknowledged (202) per second", wrk.ackedPerSecond(), "msg/s");
			report.figure("  HTTP answer latency p50", wrk.p50(), "ms");
			report.figure("  HTTP answer latency p99", wrk.p99(), "ms");
			report.figure("  last answer to all stored", wrk.drainMillis(), "ms");
		}
		else {
			report.note("no figure from wrk, a load generator outside the JVM: it is not installed (apt-get install -y wrk)");
		}
		report.versus("HTTP single readings on the device endpoint, " + MQTT_CONNECTIONS + " connections x " + MQTT_WINDOW
				+ " pipelined (MQTT's window), stored", pipelined.storedPerSecond(),
				"raw producer, one awaited send per message, " + MQTT_CONNECTIONS * MQTT_WINDOW + " callers", raw.awaitedMqtt(), "msg/s", ">= 0.3x");
		report.figure("  acknowledged (202) per second", pipelined.ackedPerSecond(), "msg/s");
		report.figure("  HTTP answer latency p50", pipelined.p50(), "ms");
		report.figure("  HTTP answer latency p99", pipelined.p99(), "ms");
		report.figure("  last 202 to all stored", pipelined.drainMillis(), "ms");
		report.versus("HTTP batches of " + BATCH + " on the device endpoint, stored (" + CLIENTS + " clients)", batched.storedPerSecond(),
				"raw producer, one awaited send of a " + BATCH + "-reading record per request, " + CLIENTS + " callers",
				raw.awaitedBatch(), "msg/s", ">= 0.3x");
		report.figure("  vs raw producer pipelined (baseline, same run)", raw.pipelined(), "msg/s");
		report.figure("  ratio to pipelined", batched.storedPerSecond() / raw.pipelined(), "x");
		report.figure("  acknowledged (202) per second", batched.ackedPerSecond(), "msg/s");
		report.figure("  HTTP answer latency p50 (per batch)", batched.p50(), "ms");
		report.figure("  HTTP answer latency p99 (per batch)", batched.p99(), "ms");
		report.figure("  last 202 to all stored", batched.drainMillis(), "ms");
		report.figure("HTTP single readings on the API port (Tomcat, Spring Security, MVC), stored", singleApi.storedPerSecond(), "msg/s");
		report.figure("  acknowledged (202) per second", singleApi.ackedPerSecond(), "msg/s");
		report.figure("  HTTP answer latency p50", singleApi.p50(), "ms");
		report.figure("HTTP batches of " + BATCH + " on the API port, stored", batchedApi.storedPerSecond(), "msg/s");
		report.figure("HTTP single readings, each from a device whose token is not cached (device endpoint)", cold.storedPerSecond(), "msg/s");
		report.figure("  HTTP answer latency p50", cold.p50(), "ms");
		report.figure("  HTTP answer latency p99", cold.p99(), "ms");
		report.versus("MQTT QoS 1 single readings, stored (" + MQTT_CONNECTIONS + " device connections, " + MQTT_WINDOW
				+ " in flight each)", mqtt.storedPerSecond(),
				"raw producer, one awaited send per message, " + MQTT_CONNECTIONS * MQTT_WINDOW + " callers", raw.awaitedMqtt(), "msg/s", ">= 0.3x");
		report.figure("  vs Mosquitto alone: same publishes, no subscriber, nothing stored (same run)", mosquitto, "msg/s");
		report.figure("  ratio to Mosquitto alone", mqtt.storedPerSecond() / mosquitto, "x");
		report.figure("  published (PUBACK) per second", mqtt.ackedPerSecond(), "msg/s");
		report.figure("  publish latency p50 (PUBACK: Kafka acknowledged)", mqtt.p50(), "ms");
		report.figure("  publish latency p99", mqtt.p99(), "ms");
		report.figure("  last PUBACK to all stored", mqtt.drainMillis(), "ms");
		report.versus("MQTT QoS 1 single readings, stored (" + MQTT_FLEET + " device connections, 1 in flight each)",
				fleet.storedPerSecond(), "raw producer, one awaited send per message, " + MQTT_FLEET + " callers",
				raw.awaitedFleet(), "msg/s", ">= 0.3x");
		report.figure("  published (PUBACK) per second", fleet.ackedPerSecond(), "msg/s");
		report.figure("  publish latency p50 (PUBACK: Kafka acknowledged)", fleet.p50(), "ms");
		report.figure("  publish latency p99", fleet.p99(), "ms");
		report.figure("  last PUBACK to all stored", fleet.drainMillis(), "ms");
		report.note("target: >= 15,000 msg/s stored (durable end to end) and >= 0.3x the raw producer");
		report.note("MQTT: Cirrus's MQTT endpoint (Netty) -> TelemetryIngest -> Kafka (PUBACK after its ack) -> storage");
		report.figure("heap used after GC, " + (DEVICES + COLD) + " devices registered", heapBefore / 1048576.0, "MiB");
		report.figure("heap used after GC, " + DEVICES + " device tokens cached", heapWithFleet / 1048576.0, "MiB (target <= 1024)");
		report.figure("heap used after GC, after the runs", heapAfterGc() / 1048576.0, "MiB");
		report.note("payload: 3 values (temperature, humidity, battery), " + sample.length + " B on Kafka (a batch of "
				+ BATCH + ": one record of " + batchSample.length + " B); "
				+ "producer acks=all, idempotent, linger " + properties.ingest().lingerMs() + " ms, batch "
				+ properties.ingest().batchBytes() / 1024 + " KiB; storage batches up to " + properties.storage().maxPollRecords()
				+ " Kafka records, " + properties.storage().concurrency()
				+ " consumers, a row per reading and an upsert of the device's latest row");
		report.note("HTTP: device endpoint (Netty, port " + DEVICE_ENDPOINT + ") or API port -> TelemetryIngest -> Kafka (202 after its ack) -> storage");
		report.note("HTTP load: " + CLIENTS + " keep-alive HTTP/1.1 connections, one request at a time each, from virtual threads in the server's JVM"
				+ " (RawHttpClient) or from wrk (C, one thread, its own process); pipelined and MQTT load from one Netty event loop in the JVM;"
				+ " every generator shares the server's 2 cores");
		report.note("traffic: " + ACTIVE + " of the " + DEVICES + " cached devices send (each several times a run); the cold figure uses " + COLD + " more devices, each sending once");
		report.publish(IngestBenchmark.class);
	}

	private TestTenant tenant() {
		jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?) on conflict (alias) do nothing")
			.params(UUID.randomUUID(), ALIAS, "Ingest benchmark")
			.update();
		return new TestTenant(new TenantId(jdbc.sql("select id from tenant where alias = ?").param(ALIAS).query(UUID.class).single()), ALIAS);
	}

	/** Device ids, in the order of the tokens. */
	private final List<String> ids = new ArrayList<>(DEVICES + COLD);

	/** {@link #DEVICES} + {@link #COLD} devices: one through the registry (it creates the default profile), the rest in bulk. */
	private List<String> registerDevices(TestTenant tenant) {
		var first = tenant.asDeveloper(() -> registry.register(new DeviceRegistry.DeviceRequest("bench-0", null, null, null)));
		UUID profile = first.device().profileId();
		int total = DEVICES + COLD;
		List<String> tokens = new ArrayList<>(total);
		tokens.add(first.token());
		ids.add(first.device().id().toString());
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		for (int from = 1; from < total; from += 10_000) {
			int n = Math.min(10_000, total - from);
			UUID[] ids = new UUID[n];
			String[] names = new String[n];
			String[] hashes = new String[n];
			for (int i = 0; i < n; i++) {
				byte[] secret = new byte[32];
				ThreadLocalRandom.current().nextBytes(secret);
				String token = "cdt_" + base64.encodeToString(secret);
				tokens.add(token);
				ids[i] = UUID.randomUUID();
				this.ids.add(ids[i].toString());
				names[i] = "bench-" + (from + i);
				hashes[i] = HexFormat.of().formatHex(sha256(token));
			}
			TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(tx -> {
				jdbc.sql("""
						insert into device (id, tenant_id, name, profile_id, token_hash)
						select i, ?, n, ?, decode(h, 'hex') from unnest(?::uuid[], ?::text[], ?::text[]) as u(i, n, h)""")
					.params(tenant.id().value(), profile, ids, names, hashes)
					.update();
				jdbc.sql("""
						insert into device_token (token_hash, tenant_id, device_id)
						select decode(h, 'hex'), ?, i from unnest(?::uuid[], ?::text[]) as u(i, h)""")
					.params(tenant.id().value(), ids, hashes)
					.update();
			}));
		}
		jdbc.sql("analyze device").update();
		return tokens;
	}

	/**
	 * What a load sent: readings answered (202 or PUBACK), readings sent whose answer had not come when the load
	 * stopped (each may or may not have reached the server), and the latency of its requests or publishes (ms).
	 */
	record Sent(int readings, int unanswered, double p50, double p99) {

		static Sent of(int readings, long[] latenciesMicros) {
			Arrays.sort(latenciesMicros);
			return new Sent(readings, 0, latenciesMicros[latenciesMicros.length / 2] / 1000.0,
					latenciesMicros[(int) (latenciesMicros.length * 0.99)] / 1000.0);
		}
	}

	record Run(int messages, double ackedSeconds, double storedSeconds, double p50, double p99) {

		double storedPerSecond() {
			return messages / storedSeconds;
		}

		double ackedPerSecond() {
			return messages / ackedSeconds;
		}

		double drainMillis() {
			return (storedSeconds - ackedSeconds) * 1000;
		}
	}

	/** Where the HTTP runs send: the device endpoint (Netty) or the API port (Tomcat, Spring). */
	static final int DEVICE_ENDPOINT = 18081;

	static final int API_PORT = URI.create(CirrusIntegrationTest.BASE_URL).getPort();

	/** A run's load: it sends, returns once everything was answered, and tells what it sent. */
	@FunctionalInterface
	private interface Load {

		Sent send() throws Exception;
	}

	/**
	 * Runs {@code load}, then waits until storage has every reading it sent: every answered one, and none beyond
	 * those sent.
	 */
	private Run measure(TestTenant tenant, String what, Load load) throws Exception {
		System.out.println("bench ingest: " + what + " started at " + Instant.now());
		long storedBefore = stored(tenant);
		long start = System.nanoTime();
		Sent sent = load.send();
		double acked = (System.nanoTime() - start) / 1e9;
		long expected = storedBefore + sent.readings();
		Await.until(what + ": all stored", Duration.ofMinutes(5), () -> stored(tenant) >= expected);
		double storedSeconds = (System.nanoTime() - start) / 1e9;
		long stored = stored(tenant);
		if (sent.unanswered() > 0) {
			// Readings sent but not answered may still be on their way: wait until storage is quiet.
			for (long last = -1; stored != last; stored = stored(tenant)) {
				last = stored;
				Thread.sleep(2000);
			}
		}
		if (stored < expected || stored > expected + sent.unanswered()) {
			throw new IllegalStateException(what + ": stored " + (stored - storedBefore) + " readings, expected "
					+ sent.readings() + (sent.unanswered() > 0 ? " to " + (sent.readings() + sent.unanswered()) : ""));
		}
		return new Run(sent.readings(), acked, storedSeconds, sent.p50(), sent.p99());
	}

	/**
	 * {@code messages} readings over HTTP, {@code perRequest} per request, by {@link #CLIENTS} concurrent clients
	 * ({@link RawHttpClient}, one request at a time each).
	 */
	private Run http(TestTenant tenant, List<String> tokens, int messages, int perRequest, int port, String what)
			throws Exception {
		int requests = messages / perRequest;
		return measure(tenant, what, () -> {
			long[] latencies = new long[requests];
			AtomicInteger next = new AtomicInteger();
			try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> running = new ArrayList<>();
				for (int c = 0; c < CLIENTS; c++) {
					running.add(clients.submit(() -> {
						try (RawHttpClient client = new RawHttpClient("localhost", port)) {
							for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
								String token = tokens.get(r % tokens.size());
								byte[] body = body(perRequest, r);
								long sent = System.nanoTime();
								int status = client.post("/api/v1/telemetry", token, body);
								latencies[r] = (System.nanoTime() - sent) / 1000;
								if (status != 202) {
									throw new IllegalStateException(what + ": request " + r + " answered " + status);
								}
							}
						}
						return null;
					}));
				}
				for (Future<?> client : running) {
					client.get();
				}
			}
			return Sent.of(requests * perRequest, latencies);
		});
	}

	/**
	 * Single readings over HTTP to the device endpoint for {@link #WRK_SECONDS} from {@link #CLIENTS} connections of
	 * wrk (a C load generator, one thread, in its own process; {@code bench/wrk-telemetry.lua}), each waiting for its
	 * answer before the next request, as {@link #http} does from the server's JVM. Answers null when wrk is not
	 * installed.
	 */
	private @Nullable Run wrk(TestTenant tenant, List<String> tokens, int seconds, String what) throws Exception {
		if (!onPath("wrk")) {
			return null;
		}
		Path tokenFile = Files.createTempFile("cirrus-bench-tokens", ".txt");
		Path outputFile = Files.createTempFile("cirrus-bench-wrk", ".txt");
		try {
			Files.write(tokenFile, tokens);
			Path script = Path.of(IngestBenchmark.class.getResource("/bench/wrk-telemetry.lua").toURI());
			return measure(tenant, what, () -> {
				Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + CLIENTS, "-d" + seconds + "s", "--timeout", "10s",
						"-s", script.toString(), "http://127.0.0.1:" + DEVICE_ENDPOINT, "--", tokenFile.toString())
					.redirectErrorStream(true)
					.redirectOutput(outputFile.toFile())
					.start();
				if (!wrk.waitFor(seconds + 60, TimeUnit.SECONDS)) {
					wrk.destroyForcibly();
					throw new IllegalStateException(what + ": wrk did not stop within " + (seconds + 60) + " s");
				}
				String output = Files.readString(outputFile);
				if (wrk.exitValue() != 0) {
					throw new IllegalStateException(what + ": wrk failed: " + output);
				}
				Matcher counts = WRK_COUNTS.matcher(output);
				if (!counts.find()) {
					throw new IllegalStateException(what + ": wrk printed no counts: " + output);
				}
				System.out.println("bench ingest: " + what + ": " + counts.group());
				long refused = Long.parseLong(counts.group(3));
				long errors = Long.parseLong(counts.group(6));
				if (refused > 0 || errors > 0) {
					throw new IllegalStateException(what + ": " + refused + " requests not answered 202, " + errors
							+ " socket errors: " + output);
				}
				// Requests unanswered when wrk stopped (it does not wait for them) may or may not have been read.
				int accepted = Integer.parseInt(counts.group(2));
				return new Sent(accepted, Integer.parseInt(counts.group(1)) - accepted, Long.parseLong(counts.group(4)) / 1000.0,
						Long.parseLong(counts.group(5)) / 1000.0);
			});
		}
		finally {
			Files.deleteIfExists(tokenFile);
			Files.deleteIfExists(outputFile);
		}
	}

	private static final Pattern WRK_COUNTS = Pattern
		.compile("cirrus-wrk sent=(\\d+) accepted=(\\d+) refused=(\\d+) p50us=(\\d+) p99us=(\\d+) errors=(\\d+)");

	private static boolean onPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

	/**
	 * Single readings over HTTP to the device endpoint from {@link #MQTT_CONNECTIONS} keep-alive connections, each
	 * keeping {@link #MQTT_WINDOW} requests outstanding (pipelined), sent by {@link HttpLoad}: the same client
	 * concurrency as the MQTT run, so the two paths compare.
	 */
	private Run pipelined(TestTenant tenant, List<String> tokens, int messages, String what) throws Exception {
		try (HttpLoad load = HttpLoad.connect("127.0.0.1", DEVICE_ENDPOINT, MQTT_CONNECTIONS)) {
			return measure(tenant, what, () -> {
				long[] latencies = new long[messages];
				load.post("/api/v1/telemetry", messages, MQTT_WINDOW, r -> tokens.get(r % tokens.size()), r -> body(1, r), latencies);
				return Sent.of(messages, latencies);
			});
		}
	}

	/**
	 * {@code messages} readings over MQTT QoS 1 from {@code connections} devices, each keeping up to {@code window}
	 * publishes unacknowledged ({@link #MQTT_WINDOW} is Paho's default in-flight window), sent by {@link MqttLoad}. A
	 * reading counts as published when its PUBACK arrived (Cirrus sends it once Kafka acknowledged the message), as
	 * stored when storage committed it.
	 */
	private Run mqtt(TestTenant tenant, List<String> tokens, int messages, int connections, int window, String what)
			throws Exception {
		List<MqttLoad.Login> logins = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			logins.add(new MqttLoad.Login(ids.get(c), ids.get(c), tokens.get(c)));
		}
		try (MqttLoad load = MqttLoad.connect("127.0.0.1", MqttDevice.PORT, logins)) {
			return measure(tenant, what, () -> {
				long[] latencies = new long[messages];
				load.publish(messages, window, c -> "devices/" + ids.get(c) + "/telemetry", r -> body(1, r), latencies);
				return Sent.of(messages, latencies);
			});
		}
	}

	/**
	 * A dedicated MQTT broker alone: the same publishes (QoS 1, same load generator, connections and window) to the
	 * machine's Mosquitto (127.0.0.1:1883, anonymous), on a topic nobody subscribes to, so it only reads and
	 * acknowledges them. Answers PUBACKs per second; NaN when Mosquitto is not running.
	 */
	private double mosquittoAlone() throws Exception {
		List<MqttLoad.Login> logins = new ArrayList<>();
		for (int c = 0; c < MQTT_CONNECTIONS; c++) {
			logins.add(new MqttLoad.Login("cirrus-bench-" + c, null, null));
		}
		MqttLoad load;
		try {
			load = MqttLoad.connect("127.0.0.1", 1883, logins);
		}
		catch (Exception e) {
			System.out.println("bench ingest: Mosquitto on 1883 not reachable, no broker baseline: " + e.getMessage());
			return Double.NaN;
		}
		try (load) {
			long start = System.nanoTime();
			load.publish(MQTT, MQTT_WINDOW, c -> "cirrus-bench/raw", r -> body(1, r), new long[MQTT]);
			return MQTT / ((System.nanoTime() - start) / 1e9);
		}
	}

	private static byte[] body(int readings, int seed) {
		StringBuilder json = new StringBuilder(readings == 1 ? "" : "[");
		for (int i = 0; i < readings; i++) {
			double t = 18 + (seed + i) % 100 / 10.0;
			json.append(i == 0 ? "" : ",")
				.append("{\"values\":{\"temperature\":").append(t)
				.append(",\"humidity\":").append(40 + (seed + i) % 20)
				.append(",\"battery\":").append(100 - (seed + i) % 100).append("}}");
		}
		return json.append(readings == 1 ? "" : "]").toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Readings of the benchmark tenant stored so far (one row per reading). */
	private long stored(TestTenant tenant) {
		return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select count(*) from telemetry where tenant_id = ?")
			.param(tenant.id().value())
			.query(Long.class)
			.single()));
	}

	record Raw(double pipelined, double awaitedSingle, double awaitedBatch, double awaitedMqtt, double awaitedFleet) {
	}

	/**
	 * The raw Kafka producer with ingest's settings and the records ingest writes, to a topic of its own with the
	 * same partitions (so no consumer adds load): pipelined, and awaited per request by the same number of callers.
	 */
	private Raw rawProducer(byte[] value, byte[] batchValue) throws Exception {
		String topic = properties.topics().prefix() + ".bench.raw." + UUID.randomUUID().toString().substring(0, 8);
		try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
			admin.createTopics(List.of(new NewTopic(topic, properties.topics().partitions(), properties.topics().replication())))
				.all()
				.get(30, TimeUnit.SECONDS);
			Map<String, Object> config = TelemetryProducer.config(kafka, properties.ingest());
			config.put("client.id", "bench-raw");
			try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
				// warm-up
				for (int i = 0; i < 20_000; i++) {
					producer.send(new ProducerRecord<>(topic, "k" + (i % 1000), value));
				}
				producer.flush();
				long start = System.nanoTime();
				int pipelinedCount = 300_000;
				for (int i = 0; i < pipelinedCount; i++) {
					producer.send(new ProducerRecord<>(topic, "k" + (i % 100_000), value));
				}
				producer.flush();
				double pipelined = pipelinedCount / ((System.nanoTime() - start) / 1e9);
				double single = awaited(producer, topic, value, SINGLE, 1, CLIENTS);
				double batch = awaited(producer, topic, batchValue, BATCHED, BATCH, CLIENTS);
				double mqtt = awaited(producer, topic, value, MQTT, 1, MQTT_CONNECTIONS * MQTT_WINDOW);
				double fleet = awaited(producer, topic, value, MQTT_FLEET_MESSAGES, 1, MQTT_FLEET);
				return new Raw(pipelined, single, batch, mqtt, fleet);
			}
			finally {
				admin.deleteTopics(List.of(topic));
			}
		}
	}

	/**
	 * Readings per second when {@code callers} each send one record ({@code value}, carrying {@code perRequest}
	 * readings) at a time and await Kafka's acknowledgement, as ingest sends a message.
	 */
	private static double awaited(KafkaProducer<String, byte[]> producer, String topic, byte[] value, int messages,
			int perRequest, int callers) throws Exception {
		int requests = messages / perRequest;
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				running.add(pool.submit(() -> {
					for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
						producer.send(new ProducerRecord<>(topic, "k" + (r % 100_000), value)).get(30, TimeUnit.SECONDS);
					}
					return null;
				}));
			}
			for (Future<?> caller : running) {
				caller.get();
			}
		}
		return requests * perRequest / ((System.nanoTime() - start) / 1e9);
	}

	/** The Kafka record ingest writes for a message of {@code readings} readings (a batch is one record). */
	private static byte[] recordBytes(TenantId tenant, DeviceId device, int readings) {
		Instant now = Instant.now();
		List<TelemetryRecord> records = new ArrayList<>(readings);
		for (int i = 0; i < readings; i++) {
			records.add(new TelemetryRecord(tenant, device, TelemetryRecord.Kind.TELEMETRY, now.plusMillis(i), now,
					Map.of("temperature", 21.3, "humidity", 45.0, "battery", 87.0)));
		}
		return TelemetryRecordJson.write(records);
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	static String format(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}
}
