package io.cirrus.shared.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The webhook client against real misbehaving receivers on 127.0.0.1 (the policy allows loopback here only, as in
 * the tests' configuration): every call ends within its deadline, connects to the address the policy checked, and
 * fails with texts that name nothing internal.
 */
class WebhookClientTests {

	private static final Duration DEADLINE = Duration.ofMillis(1500);

	private static final WebhookClient.Limits LIMITS = new WebhookClient.Limits(Duration.ofSeconds(1),
			Duration.ofSeconds(1), DEADLINE, 64 * 1024, 4);

	/** Resolves every name to the given answers in turn (the last one repeats). */
	private static UrlPolicy.Resolver answering(String... addresses) {
		AtomicInteger calls = new AtomicInteger();
		return host -> {
			if (!host.endsWith(".rebind.test")) {
				throw new UnknownHostException(host);
			}
			int i = Math.min(calls.getAndIncrement(), addresses.length - 1);
			return new InetAddress[] { InetAddress.getByName(addresses[i]) };
		};
	}

	private static WebhookClient client(UrlPolicy.Resolver resolver) {
		return new WebhookClient(new UrlPolicy(true, resolver), LIMITS);
	}

	private static WebhookClient.Answer post(WebhookClient client, String url) throws WebhookClient.Failure {
		return client.send("POST", url, Map.of("webhook-id", "msg_1"), "{}".getBytes(StandardCharsets.UTF_8),
				"application/json", Duration.ofSeconds(60));
	}

	@Test
	void connectsToTheCheckedAddressWithTheNameAsHost() throws Exception {
		try (RawReceiver receiver = new RawReceiver(RawReceiver.OK); WebhookClient client = client(answering("127.0.0.1"))) {
			// No resolver of the system knows this name: the call can only reach the receiver through the policy's answer.
			WebhookClient.Answer answer = post(client, "http://hooks.rebind.test:" + receiver.port() + "/in");
			assertThat(answer.status()).isEqualTo(204);
			assertThat(receiver.heads()).singleElement()
				.satisfies(head -> assertThat(head).startsWith("POST /in HTTP/1.1")
					.containsIgnoringCase("host: hooks.rebind.test:" + receiver.port())
					.contains("webhook-id: msg_1"));
		}
	}

	@Test
	void aNameThatRebindsToAnInternalAddressIsNotCalled() throws Exception {
		try (RawReceiver receiver = new RawReceiver(RawReceiver.OK);
				WebhookClient client = client(answering("127.0.0.1", "169.254.169.254", "10.0.0.7"))) {
			String url = "http://hooks.rebind.test:" + receiver.port() + "/in";
			assertThat(post(client, url).status()).isEqualTo(204);
			assertThatThrownBy(() -> post(client, url)).isInstanceOf(WebhookClient.Failure.class)
				.hasMessageContaining("special-purpose address")
				.satisfies(e -> assertThat(e.getMessage()).doesNotContain("169.254"));
			assertThatThrownBy(() -> post(client, url)).isInstanceOf(WebhookClient.Failure.class)
				.satisfies(e -> assertThat(e.getMessage()).doesNotContain("10.0.0.7"));
			assertThat(receiver.connections()).isEqualTo(1);
		}
	}

	@Test
	void aPublicFirstAndLoopbackSecondAnswerIsRefusedWhereLoopbackIsNotAllowed() throws Exception {
		UrlPolicy.Resolver resolver = answering("93.184.215.14", "127.0.0.1");
		UrlPolicy production = new UrlPolicy(false, resolver);
		try (RawReceiver receiver = new RawReceiver(RawReceiver.OK); WebhookClient client = new WebhookClient(production, LIMITS)) {
			String url = "http://hooks.rebind.test:" + receiver.port() + "/in";
			// Registered while the name pointed outward; at call time it points inward, and nothing is sent.
			assertThat(production.refusal(url)).isEmpty();
			assertThatThrownBy(() -> post(client, url)).hasMessageContaining("special-purpose address");
			assertThat(receiver.connections()).isZero();
		}
	}

	@Test
	void aBodyTrickledAfter200EndsAtTheDeadline() throws Exception {
		try (RawReceiver receiver = new RawReceiver(out -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < 100000; i++) {
				out.write('x');
				out.flush();
				Thread.sleep(100);
			}
		}); WebhookClient client = client(answering("127.0.0.1"))) {
			assertTimedOutWithinDeadline(client, receiver);
		}
	}

	@Test
	void headersTrickledByteByByteEndAtTheDeadline() throws Exception {
		try (RawReceiver receiver = new RawReceiver(out -> {
			byte[] head = ("HTTP/1.1 200 OK\r\n" + "X-Slow: " + "y".repeat(1000) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			for (byte b : head) {
				out.write(b);
				out.flush();
				Thread.sleep(100);
			}
		}); WebhookClient client = client(answering("127.0.0.1"))) {
			assertTimedOutWithinDeadline(client, receiver);
		}
	}

	@Test
	void aReceiverThatNeverAnswersEndsAtTheReadTimeout() throws Exception {
		try (RawReceiver receiver = new RawReceiver(out -> Thread.sleep(60_000));
				WebhookClient client = client(answering("127.0.0.1"))) {
			assertTimedOutWithinDeadline(client, receiver);
		}
	}

	@Test
	void anEndlessBodyIsReadOnlyUpToTheCap() throws Exception {
		try (RawReceiver receiver = new RawReceiver(out -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			for (int i = 0; i < 1000000000 / chunk.length; i++) {
				out.write(chunk);
			}
		}); WebhookClient client = client(answering("127.0.0.1"))) {
			long started = System.nanoTime();
			WebhookClient.Answer answer = post(client, "http://hooks.rebind.test:" + receiver.port() + "/in");
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.head()).hasSize(64 * 1024);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE);
		}
	}

	@Test
	void failuresNameNoAddressPortOrAnswer() throws Exception {
		int closed;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = s.getLocalPort();
		}
		try (WebhookClient client = client(answering("127.0.0.1"))) {
			assertThatThrownBy(() -> post(client, "http://hooks.rebind.test:" + closed + "/in"))
				.hasMessage("connection refused");
			assertThatThrownBy(() -> post(client, "http://nowhere.invalid/in"))
				.hasMessage("the endpoint URL has a host name that does not resolve: nowhere.invalid");
		}
		try (RawReceiver receiver = new RawReceiver(out -> out.write("SSH-2.0-OpenSSH_9.6 internal-db-7\r\n"
			.getBytes(StandardCharsets.US_ASCII))); WebhookClient client = client(answering("127.0.0.1"))) {
			assertThatThrownBy(() -> post(client, "http://hooks.rebind.test:" + receiver.port() + "/in"))
				.isInstanceOf(WebhookClient.Failure.class)
				.satisfies(e -> assertThat(e.getMessage()).doesNotContain("SSH").doesNotContain("internal-db"));
		}
	}

	@Test
	void callerHeadersCannotRedirectTheRequest() throws Exception {
		try (RawReceiver receiver = new RawReceiver(RawReceiver.OK); WebhookClient client = client(answering("127.0.0.1"))) {
			client.send("POST", "http://hooks.rebind.test:" + receiver.port() + "/in",
					Map.of("Host", "metadata.internal", "X-Tenant", "acme"), new byte[0], "application/json",
					Duration.ofSeconds(1));
			assertThat(receiver.heads()).singleElement()
				.satisfies(head -> assertThat(head).doesNotContain("metadata.internal").contains("X-Tenant: acme"));
		}
	}

	private static void assertTimedOutWithinDeadline(WebhookClient client, RawReceiver receiver) {
		long started = System.nanoTime();
		assertThatThrownBy(() -> post(client, "http://hooks.rebind.test:" + receiver.port() + "/in"))
			.isInstanceOf(WebhookClient.Failure.class)
			.hasMessageStartingWith("timed out");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).as("the whole call").isLessThan(DEADLINE.plusMillis(700));
	}
}
