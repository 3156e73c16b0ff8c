package io.cirrus.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP peer on 127.0.0.1 (the JDK's server): stands in for an SMS provider or a webhook receiver, records
 * what it received and answers what the test tells it to.
 */
public final class HttpReceiver implements AutoCloseable {

	/** One request as received. */
	public record Received(String path, Map<String, List<String>> headers, String body) {

		public String header(String name) {
			return headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}
	}

	private static final Map<Integer, HttpReceiver> SHARED = new ConcurrentHashMap<>();

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Function<Received, Integer> answer = r -> 200;

	private final AtomicInteger requests = new AtomicInteger();

	public HttpReceiver(int port) {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
		}
		catch (IOException e) {
			throw new IllegalStateException("port " + port + " is taken", e);
		}
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", exchange -> {
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Received r = new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
			requests.incrementAndGet();
			int status = answer.apply(r);
			if (status / 100 == 2) {
				received.add(r);
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.start();
	}

	/** A receiver shared by all tests of this JVM on a fixed port (the SMS provider application-test.yml names). */
	public static HttpReceiver shared(int port) {
		return SHARED.computeIfAbsent(port, HttpReceiver::new);
	}

	public int port() {
		return server.getAddress().getPort();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	/** Accepted requests (2xx answers). */
	public List<Received> received() {
		return received;
	}

	/** Every request, accepted or not. */
	public int requests() {
		return requests.get();
	}

	public void answer(Function<Received, Integer> answer) {
		this.answer = answer;
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
