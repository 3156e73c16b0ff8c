package io.cirrus.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Another Cirrus instance in its own JVM process: the application the tests run (same classes, same {@code test}
 * profile, so the same database, RabbitMQ node and Kafka topics), on ports of its own. It joins every consumer group
 * beside the test's instance, as a second instance of a cluster would. {@link #kill()} ends it with SIGKILL: no
 * shutdown hook, no revoked partitions, no flushed state. Its output goes to {@code target/<name>.log}.
 */
public final class CirrusProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private CirrusProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts an instance and waits until it has started. {@code offset} moves its ports away from the test
	 * instance's (HTTP 18080, device endpoint 18081, MQTT 18830); {@code properties} are added as
	 * {@code --name=value} arguments.
	 */
	public static CirrusProcess start(String name, int offset, List<String> properties) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx768m",
				"-cp", System.getProperty("java.class.path"), "io.cirrus.CirrusApplication",
				"--spring.profiles.active=test", "--server.port=" + (18080 + offset),
				"--cirrus.telemetry.endpoint.port=" + (18081 + offset), "--cirrus.mqtt.port=" + (18830 + offset)));
		properties.forEach(p -> command.add("--" + p));
		Path log = Path.of("target", name + ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			CirrusProcess instance = new CirrusProcess(process, log);
			try {
				Await.until(name + " started (" + log.toAbsolutePath() + ")", Duration.ofSeconds(120), instance::started);
			}
			catch (AssertionError e) {
				instance.kill();
				throw e;
			}
			return instance;
		}
		catch (IOException e) {
			throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
		}
	}

	private boolean started() {
		if (!process.isAlive()) {
			throw new AssertionError("the instance ended with " + process.exitValue() + " before it started; see " + log.toAbsolutePath());
		}
		try {
			// Latin-1 reads any byte: a log line in another encoding must not hide the one looked for.
			return Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains("Started CirrusApplication");
		}
		catch (IOException e) {
			return false;
		}
	}

	/** Kills the process at once (SIGKILL) and waits until it is gone. */
	public void kill() {
		process.destroyForcibly();
		try {
			process.waitFor();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean alive() {
		return process.isAlive();
	}

	@Override
	public void close() {
		if (process.isAlive()) {
			kill();
		}
	}
}
