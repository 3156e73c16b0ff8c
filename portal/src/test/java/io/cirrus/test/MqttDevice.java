package io.cirrus.test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;

/**
 * A device on the MQTT endpoint of the application under test (127.0.0.1:18830, {@code cirrus.mqtt.port} of the
 * test profile), through Eclipse Paho (MQTT 3.1.1): username and client id are the device id, the password its token.
 */
public final class MqttDevice implements AutoCloseable {

	/** {@code cirrus.mqtt.port} of the test profile. */
	public static final int PORT = 18830;

	public static final String URL = "tcp://127.0.0.1:" + PORT;

	private final MqttClient client;

	private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();

	private volatile @Nullable Throwable lost;

	private MqttDevice(MqttClient client) {
		this.client = client;
	}

	/** Connects with a persistent session (clean session off); throws the broker's refusal. */
	public static MqttDevice connect(String username, String token, String clientId) throws MqttException {
		MqttClient client = new MqttClient(URL, clientId, new MemoryPersistence());
		MqttDevice device = new MqttDevice(client);
		client.setCallback(new MqttCallback() {
			@Override
			public void connectionLost(Throwable cause) {
				device.lost = cause;
			}

			@Override
			public void messageArrived(String topic, MqttMessage message) {
				device.received.add(message);
			}

			@Override
			public void deliveryComplete(IMqttDeliveryToken token) {
			}
		});
		MqttConnectOptions options = options(username, token);
		options.setCleanSession(false);
		options.setMaxInflight(1000);
		try {
			client.connect(options);
		}
		catch (MqttException e) {
			try {
				client.close(true);
			}
			catch (MqttException ignored) {
				// already refused
			}
			throw e;
		}
		return device;
	}

	/** How a device connects: MQTT 3.1.1, its credentials, no automatic reconnect. */
	public static MqttConnectOptions options(String username, String password) {
		MqttConnectOptions options = new MqttConnectOptions();
		options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
		options.setUserName(username);
		options.setPassword(password.toCharArray());
		options.setAutomaticReconnect(false);
		options.setConnectionTimeout(10);
		return options;
	}

	public static MqttDevice connect(String deviceId, String token) throws MqttException {
		return connect(deviceId, token, deviceId);
	}

	/** Publishes with QoS 1 and waits for the server's PUBACK. */
	public void publish(String topic, String payload) throws MqttException {
		publish(topic, payload, 1);
	}

	/** Publishes with this QoS and waits for the server's acknowledgement (QoS 2: PUBCOMP). */
	public void publish(String topic, String payload, int qos) throws MqttException {
		MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
		message.setQos(qos);
		client.publish(topic, message);
	}

	public void subscribe(String topic) throws MqttException {
		client.subscribe(topic, 1);
	}

	/** The next message on a subscription, or null after the timeout. */
	public @Nullable String next(long seconds) throws InterruptedException {
		MqttMessage message = received.poll(seconds, TimeUnit.SECONDS);
		return message == null ? null : new String(message.getPayload(), StandardCharsets.UTF_8);
	}

	public boolean connected() {
		return client.isConnected();
	}

	public @Nullable Throwable lost() {
		return lost;
	}

	@Override
	public void close() {
		try {
			if (client.isConnected()) {
				client.disconnect(2000);
			}
		}
		catch (MqttException ignored) {
			// closing anyway
		}
		try {
			client.close(true);
		}
		catch (MqttException ignored) {
			// closed
		}
	}
}
