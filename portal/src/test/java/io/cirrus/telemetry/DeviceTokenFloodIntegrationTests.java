package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.TenantContext;
import io.cirrus.telemetry.TelemetryFixture.Device;
import io.cirrus.test.MqttPackets;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.MqttDevice;
import io.cirrus.test.TestTenant;

/**
 * Failed device authentications are cut off per source address on all three entrances (device endpoint, MQTT, API
 * port's provisioning and device paths), and a flood of bad tokens does not starve good devices (docs/adr/0033).
 * The flooders connect from other loopback addresses (127.0.0.2-4) than the good devices (127.0.0.1).
 */
@CirrusIntegrationTest
class DeviceTokenFloodIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int FLOODERS = 32;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	DeviceCredentials credentials;

	@Value("${cirrus.device.max-failures-per-source}")
	int maxFailures;

	@Test
	void aFloodOfBadTokensIsCutOffWhileGoodDevicesAreServedQuickly() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant tenant = TestTenant.create(jdbc);
		Device warm = fixture.device(tenant);
		Device cold = fixture.device(tenant);
		assertThat(send(warm, 0).statusCode()).isEqualTo(202);

		Map<Integer, AtomicInteger> flooded = new ConcurrentHashMap<>();
		AtomicBoolean stop = new AtomicBoolean();
		ExecutorService flood = Executors.newFixedThreadPool(FLOODERS);
		for (int i = 0; i < FLOODERS; i++) {
			flood.execute(() -> {
				while (!stop.get()) {
					try (Socket socket = socket("127.0.0.2", 18081)) {
						for (int n = 0; n < 50 && !stop.get(); n++) {
							int status = exchange(socket, telemetry(badToken(), "{\"values\":{\"x\":1}}", true)).status();
							flooded.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
						}
					}
					catch (IOException e) {
						flooded.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
					}
				}
			});
		}
		long slowest = 0;
		int sent = 0;
		try {
			Await.until("the flooding address answered 429", Duration.ofSeconds(30), () -> flooded.containsKey(429));
			for (int i = 1; i <= 40; i++) {
				Device device = i % 2 == 0 ? warm : cold;
				long started = System.nanoTime();
				HttpResponse<String> answer = send(device, i);
				slowest = Math.max(slowest, System.nanoTime() - started);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
				sent++;
				Thread.sleep(25);
			}
		}
		finally {
			stop.set(true);
			flood.shutdown();
			assertThat(flood.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		System.out.printf("flood answers %s; %d good requests, slowest %d ms%n", flooded, sent, slowest / 1_000_000);
		assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(2));
		// Only the lookups before the cut-off (and those in flight then) reached the database and were answered 401.
		assertThat(flooded.getOrDefault(401, new AtomicInteger()).get()).isLessThanOrEqualTo(maxFailures + FLOODERS);
		assertThat(flooded.get(429).get()).isGreaterThan(flooded.getOrDefault(401, new AtomicInteger()).get());
		assertThat(flooded).doesNotContainKey(500);

		try (Socket socket = socket("127.0.0.2", 18081)) {
			Answer refused = exchange(socket, telemetry(badToken(), "{\"values\":{\"x\":1}}", false));
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.headers().get("content-type")).isEqualTo("application/problem+json");
			assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 61L);
			assertThat(refused.body()).contains("Too many failed device authentications");
		}
		Await.until("the good readings stored", Duration.ofSeconds(30),
				() -> fixture.rows(warm, "seq") == 21 && fixture.rows(cold, "seq") == 20);
	}

	@Test
	void failedProvisioningIsCutOffPerAddressOnTheApiPortAndACachedTokenStillPasses() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		Device device = fixture.device(TestTenant.create(jdbc));
		String body = "{\"provisionKey\":\"" + UUID.randomUUID() + "\",\"provisionSecret\":\"wrong\",\"name\":\"x\"}";
		String provision = "POST /api/v1/provision HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
		int refusals = 0;
		Answer answer;
		do {
			try (Socket socket = socket("127.0.0.4", 18080)) {
				answer = exchange(socket, provision);
			}
			if (answer.status() == 401) {
				refusals++;
			}
		}
		while (answer.status() == 401 && refusals <= maxFailures);
		assertThat(refusals).isEqualTo(maxFailures);
		assertThat(answer.status()).isEqualTo(429);
		assertThat(answer.headers().get("retry-after")).isNotBlank();
		assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");

		try (Socket socket = socket("127.0.0.4", 18080)) {
			// the same address's bad device token: refused without a lookup
			assertThat(exchange(socket, telemetry(badToken(), "{\"values\":{\"x\":1}}", false)).status()).isEqualTo(429);
		}
		assertThat(send(device, 1).statusCode()).isEqualTo(202); // now cached as valid
		try (Socket socket = socket("127.0.0.4", 18080)) {
			// a device behind the same address (NAT) with a valid, cached token still gets through
			assertThat(exchange(socket, telemetry(device.token(), "{\"values\":{\"seq\":2}}", false)).status()).isEqualTo(202);
		}
	}

	@Test
	void failedMqttConnectsAreCutOffPerAddressWhileGoodDevicesConnect() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		Device device = fixture.device(TestTenant.create(jdbc));
		int refusals = 0;
		int code;
		do {
			try (Socket socket = socket("127.0.0.3", 18830)) {
				socket.getOutputStream().write(MqttPackets.connect(4, device.id().toString(), device.id().toString(), badToken(), 30));
				InputStream in = socket.getInputStream();
				byte[] connack = in.readNBytes(4);
				assertThat(connack[0]).isEqualTo((byte) 0x20);
				code = connack[3];
			}
			if (code == 4) {
				refusals++;
			}
		}
		while (code == 4 && refusals <= maxFailures);
		assertThat(refusals).isEqualTo(maxFailures);
		assertThat(code).as("server unavailable").isEqualTo(3);
		MqttDevice.connect(device.id().toString(), device.token()).close();
	}

	@Test
	void anUnknownTokenHashIsRefusedFromMemoryForAWhile() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		Device device = fixture.device(TestTenant.create(jdbc));
		String token = badToken();
		assertThat(credentials.authenticate(token)).isEmpty();
		// Behind the registry's back (it never issues a hash that was asked for): the hash becomes the device's.
		byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		TenantContext.runAs(device.tenant().id(), () -> transactions.executeWithoutResult(tx -> {
			jdbc.sql("update device set token_hash = ? where id = ?").params(hash, device.id().value()).update();
			jdbc.sql("update device_token set token_hash = ? where device_id = ?").params(hash, device.id().value()).update();
		}));
		assertThat(credentials.authenticate(token)).as("still refused without asking the database").isEmpty();
	}

	private static HttpResponse<String> send(Device device, int seq) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(TelemetryFixture.DEVICE_ENDPOINT + "/api/v1/telemetry"))
			.header("X-Device-Token", device.token())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"values\":{\"seq\":" + seq + "}}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String badToken() {
		byte[] value = new byte[32];
		RANDOM.nextBytes(value);
		return "cdt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	private static String telemetry(String token, String body, boolean keepAlive) {
		return "POST /api/v1/telemetry HTTP/1.1\r\nHost: localhost\r\nX-Device-Token: " + token
				+ "\r\nContent-Type: application/json\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "Content-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	/** A connection from {@code source}, a loopback address other than the good devices' 127.0.0.1. */
	private static Socket socket(String source, int port) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(source, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		socket.setSoTimeout(15_000);
		return socket;
	}

	record Answer(int status, Map<String, String> headers, String body) {
	}

	/** Writes one request and reads its answer (Content-Length or chunked body). */
	private static Answer exchange(Socket socket, String request) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.UTF_8));
		out.flush();
		InputStream in = socket.getInputStream();
		String status = line(in);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).strip().toLowerCase(), header.substring(colon + 1).strip());
		}
		byte[] body;
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
				chunks.write(in.readNBytes(size));
				line(in);
			}
			line(in);
			body = chunks.toByteArray();
		}
		else {
			body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
		}
		return new Answer(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c < 0) {
				throw new IOException("connection closed mid-answer: " + line);
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}
}
