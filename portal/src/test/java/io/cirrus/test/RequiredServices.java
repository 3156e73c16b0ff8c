package io.cirrus.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class at once, with what to do, when a service it needs is not running; never skips silently.
 */
public class RequiredServices implements BeforeAllCallback {

	private static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

	static {
		SERVICES.put("PostgreSQL", 5432);
		SERVICES.put("RabbitMQ (the test node)", 5673);
		SERVICES.put("Kafka", 9092);
		SERVICES.put("Keycloak", 8180);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		SERVICES.forEach((name, port) -> {
			if (!open(port)) {
				throw new IllegalStateException(name + " is not running on 127.0.0.1:" + port
						+ ". Run the tests with ./cirrus test (it starts every service they need), or start it with ./cirrus up.");
			}
		});
	}

	private static boolean open(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}
}
