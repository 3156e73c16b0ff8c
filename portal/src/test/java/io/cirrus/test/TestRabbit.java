package io.cirrus.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Controls the test suite's own RabbitMQ node (never the machine's broker). */
public final class TestRabbit {

	public static final String NODE = "cirrus-test@localhost";

	private TestRabbit() {
	}

	public static String ctl(String... args) {
		List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-n", NODE, "-q"));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			if (!process.waitFor(90, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " did not finish");
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + output);
			}
			return output;
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException("rabbitmqctl is not installed", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
