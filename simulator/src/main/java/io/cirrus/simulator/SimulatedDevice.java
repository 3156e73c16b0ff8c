package io.cirrus.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import tools.jackson.databind.JsonNode;

/**
 * One simulated device: readings at the configured rate (with jitter and occasional gaps), a heartbeat every 30 s,
 * and answers to commands: over MQTT (QoS 1, persistent session, automatic reconnect) or over HTTP (long poll).
 */
final class SimulatedDevice implements Runnable {

	/** A device's name, id and token. */
	record Credentials(String name, String id, String token) {
	}

	private static final long HEARTBEAT_MILLIS = 30_000;

	private final Credentials credentials;

	private final Options options;

	private final CirrusApi api;

	private final Stats stats;

	private final AtomicBoolean running;

	private final Sensor sensor = new Sensor(new java.util.SplittableRandom());

	private volatile long intervalMillis;

	private MqttClient mqtt;

	SimulatedDevice(Credentials credentials, Options options, CirrusApi api, Stats stats, AtomicBoolean running) {
		this.credentials = credentials;
		this.options = options;
		this.api = api;
		this.stats = stats;
		this.running = running;
		this.intervalMillis = Math.max(1, Math.round(1000 / options.rate()));
	}

	String name() {
		return credentials.name();
	}

	@Override
	public void run() {
		try {
			if (options.mqtt()) {
				connect();
			}
			else {
				Thread.ofVirtual().name("sim-poll-" + name()).start(this::pollCommands);
			}
			long lastHeartbeat = 0;
			// Devices do not start in step.
			Thread.sleep(ThreadLocalRandom.current().nextLong(intervalMillis));
			while (running.get()) {
				long now = System.currentTimeMillis();
				if (!sensor.quiet(now)) {
					send("telemetry", CirrusApi.JSON.writeValueAsString(Map.of("ts", Instant.ofEpochMilli(now).toString(),
							"values", sensor.read(now))));
					stats.readings.incrementAndGet();
					if (now - lastHeartbeat >= HEARTBEAT_MILLIS) {
						send("heartbeat", "{}");
						stats.heartbeats.incrementAndGet();
						lastHeartbeat = now;
					}
				}
				long jitter = intervalMillis / 10;
				Thread.sleep(Math.max(1, intervalMillis + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter) : 0)));
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (Exception e) {
			Simulator.log("%s stopped: %s", name(), e);
		}
	}

	private void send(String kind, String json) throws InterruptedException {
		if (options.mqtt()) {
			try {
				MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
				message.setQos(1);
				mqtt.publish("devices/" + credentials.id() + "/" + kind, message);
			}
			catch (MqttException e) {
				stats.refused.incrementAndGet();
				Thread.sleep(1000); // reconnecting
			}
			return;
		}
		CirrusApi.Response answer = api.devicePost(credentials.token(), "/api/v1/" + kind, json);
		if (answer.status() != 202 && answer.status() != 200) {
			stats.refused.incrementAndGet();
		}
	}

	private void connect() throws MqttException {
		mqtt = new MqttClient(options.mqttUrl(), credentials.id(), new MemoryPersistence());
		MqttConnectOptions connect = new MqttConnectOptions();
		connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
		connect.setUserName(credentials.id());
		connect.setPassword(credentials.token().toCharArray());
		connect.setCleanSession(false);
		connect.setAutomaticReconnect(true);
		connect.setMaxInflight(100);
		mqtt.setCallback(new MqttCallbackExtended() {
			@Override
			public void connectComplete(boolean reconnect, String serverURI) {
				if (reconnect) {
					// The server may not have kept the session (another Cirrus instance, a restart): subscribe again,
					// off Paho's callback thread.
					Thread.ofVirtual().start(() -> {
						try {
							subscribeCommands();
						}
						catch (MqttException e) {
							Simulator.log("%s could not subscribe to its commands again: %s", name(), e.getMessage());
						}
					});
				}
			}

			@Override
			public void connectionLost(Throwable cause) {
			}

			@Override
			public void messageArrived(String topic, MqttMessage message) {
			}

			@Override
			public void deliveryComplete(IMqttDeliveryToken token) {
			}
		});
		mqtt.connect(connect);
		subscribeCommands();
	}

	private void subscribeCommands() throws MqttException {
		mqtt.subscribe("devices/" + credentials.id() + "/commands", 1, (topic, message) -> {
			JsonNode command = CirrusApi.JSON.readTree(message.getPayload());
			// Answer off Paho's callback thread: publishing from it would wait for itself.
			Thread.ofVirtual().start(() -> {
				Map<String, Object> outcome = execute(command);
				try {
					MqttMessage answer = new MqttMessage(CirrusApi.JSON.writeValueAsBytes(outcome));
					answer.setQos(1);
					mqtt.publish("devices/" + credentials.id() + "/commands/" + command.get("id").asString() + "/result", answer);
					stats.commands.incrementAndGet();
				}
				catch (MqttException e) {
					Simulator.log("%s could not answer command %s: %s", name(), command.get("id").asString(), e.getMessage());
				}
			});
		});
	}

	private void pollCommands() {
		while (running.get()) {
			CirrusApi.Response answer = api.deviceGet(credentials.token(), "/api/v1/device/commands?waitSeconds=30",
					Duration.ofSeconds(45));
			if (answer.status() != 200) {
				sleep(5000);
				continue;
			}
			for (JsonNode command : answer.json().get("commands")) {
				Map<String, Object> outcome = execute(command);
				CirrusApi.Response done = api.devicePost(credentials.token(),
						"/api/v1/device/commands/" + command.get("id").asString() + "/result",
						CirrusApi.JSON.writeValueAsString(outcome));
				if (done.status() == 200) {
					stats.commands.incrementAndGet();
				}
			}
		}
	}

	/** What the device does with a command: {@code reboot} and {@code set-interval} succeed, others fail. */
	Map<String, Object> execute(JsonNode command) {
		String name = command.get("name").asString();
		Map<String, Object> result = new LinkedHashMap<>();
		Map<String, Object> outcome = new LinkedHashMap<>();
		switch (name) {
			case "reboot" -> {
				sleep(500); // a reboot takes a moment
				result.put("rebootedAt", Instant.now().toString());
				result.put("battery", Math.round(sensor.battery()));
				outcome.put("status", "SUCCEEDED");
			}
			case "set-interval" -> {
				JsonNode seconds = command.path("params").path("seconds");
				if (seconds.isNumber() && seconds.asDouble() > 0) {
					intervalMillis = Math.round(seconds.asDouble() * 1000);
					result.put("intervalSeconds", seconds.asDouble());
					outcome.put("status", "SUCCEEDED");
				}
				else {
					result.put("error", "params.seconds must be a positive number");
					outcome.put("status", "FAILED");
				}
			}
			default -> {
				result.put("error", "unknown command " + name);
				outcome.put("status", "FAILED");
			}
		}
		outcome.put("result", result);
		return outcome;
	}

	void close() {
		if (mqtt != null) {
			try {
				mqtt.disconnect(1000);
				mqtt.close(true);
			}
			catch (MqttException e) {
				// stopping anyway
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
