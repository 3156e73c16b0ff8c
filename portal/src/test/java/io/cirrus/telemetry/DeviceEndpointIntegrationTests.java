package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.telemetry.TelemetryFixture.Device;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.TestTenant;

/**
 * What only the device endpoint (Netty, port 18081 here) has to get right itself: routing, methods, keep-alive,
 * pipelined requests answered in order, a malformed request. Its ingest contract is tested with the API port's in
 * {@link TelemetryIngestIntegrationTests}.
 */
@CirrusIntegrationTest
class DeviceEndpointIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Test
	void servesDeviceIngestOnlyAndSaysWhereTheRestIs() throws Exception {
		HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create(TelemetryFixture.DEVICE_ENDPOINT + "/api/v1/devices"))
			.GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(elsewhere.statusCode()).isEqualTo(404);
		assertThat(elsewhere.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(elsewhere.body()).contains("API port");

		HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(TelemetryFixture.DEVICE_ENDPOINT + "/api/v1/telemetry"))
			.GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
	}

	@Test
	void keepsTheConnectionAndAnswersPipelinedRequestsInOrder() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		Device device = fixture.device(TestTenant.create(jdbc));
		StringBuilder requests = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			// every fifth one refused (bad key), so the answers' order shows
			String body = i % 5 == 4 ? "{\"values\":{\"bad key\":" + i + "}}" : "{\"values\":{\"seq\":" + i + "}}";
			requests.append("POST /api/v1/telemetry HTTP/1.1\r\nHost: x\r\nX-Device-Token: ").append(device.token())
				.append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n\r\n").append(body);
		}
		try (Socket socket = new Socket("127.0.0.1", 18081)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(requests.toString().getBytes(StandardCharsets.UTF_8)); // all at once, on one connection
			out.flush();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 20; i++) {
				assertThat(statusOf(in)).as("answer " + i).isEqualTo(i % 5 == 4 ? 400 : 202);
			}
		}
		Await.until("the accepted readings stored", Duration.ofSeconds(30), () -> fixture.rows(device, "seq") == 16);
	}

	@Test
	void aBodyOverTheLimitIsAnswered413AsOnTheApiPort() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		Device device = fixture.device(TestTenant.create(jdbc));
		byte[] huge = ("{\"values\": {\"s\": \"" + "x".repeat(70_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(TelemetryFixture.DEVICE_ENDPOINT + "/api/v1/telemetry"))
			.header("X-Device-Token", device.token())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(huge))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.body()).contains("larger than 65536 bytes");
	}

	@Test
	void aRequestThatIsNotHttpIsAnswered400AndClosed() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", 18081)) {
			socket.setSoTimeout(15_000);
			socket.getOutputStream().write("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.UTF_8));
			InputStream in = socket.getInputStream();
			assertThat(statusOf(in)).isEqualTo(400);
			while (in.read() >= 0) {
				// the server closes the connection
			}
		}
	}

	/** Reads one HTTP response (status line, headers, Content-Length body); answers its status. */
	private static int statusOf(InputStream in) throws IOException {
		String status = line(in);
		int length = 0;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
				length = Integer.parseInt(header.substring(15).strip());
			}
		}
		in.readNBytes(length);
		return Integer.parseInt(status.split(" ")[1]);
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
