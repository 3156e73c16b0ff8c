package io.cirrus.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.Test;

import io.cirrus.test.MqttPackets;
import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.DeviceApi.Registered;
import io.cirrus.test.Keycloak;
import io.cirrus.test.MqttDevice;

/**
 * Devices on Cirrus's MQTT endpoint (the application under test, port 18830): who may connect, which topics each
 * device may use, what a revoked or rotated token does to a live connection, with a real MQTT client (Eclipse Paho).
 */
@CirrusIntegrationTest
class MqttEndpointIntegrationTests {

	@Test
	void deviceConnectsWithItsTokenAndUsesItsOwnTopics() throws Exception {
		Registered device = register("mqtt-ok");
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
			assertThat(mqtt.connected()).isTrue();
			mqtt.subscribe("devices/" + device.id() + "/commands");
			mqtt.publish("devices/" + device.id() + "/heartbeat", "{}");
			mqtt.publish("devices/" + device.id() + "/commands/" + UUID.randomUUID() + "/result", "{\"status\":\"SUCCEEDED\"}");
			assertThat(mqtt.connected()).isTrue();
		}
	}

	@Test
	void wrongTokenIsRefused() {
		Registered device = register("mqtt-wrong");
		Throwable refusal = catchThrowable(() -> MqttDevice.connect(device.id(), device.token() + "x").close());
		assertThat(refusal).isInstanceOf(MqttSecurityException.class);
		assertThat(((MqttException) refusal).getReasonCode()).isIn((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
				(int) MqttException.REASON_CODE_NOT_AUTHORIZED);
		// Another device's (valid) token does not open this device either.
		Registered other = register("mqtt-other");
		assertThatThrownBy(() -> MqttDevice.connect(device.id(), other.token()).close()).isInstanceOf(MqttSecurityException.class);
	}

	@Test
	void clientIdMustBeTheDeviceId() {
		Registered device = register("mqtt-client-id");
		assertThatThrownBy(() -> MqttDevice.connect(device.id(), device.token(), "someone-else").close())
			.isInstanceOf(MqttSecurityException.class);
	}

	@Test
	void revokedTokenStopsConnecting() throws Exception {
		String user = Keycloak.token("acme-dev");
		Registered device = register("mqtt-revoked");
		MqttDevice.connect(device.id(), device.token()).close();

		assertThat(Api.delete("/api/v1/devices/" + device.id() + "/token", user).status()).isIn(200, 204);

		// Cirrus forgets its cached answer when the revocation commits: the next CONNECT is refused.
		assertThatThrownBy(() -> MqttDevice.connect(device.id(), device.token()).close()).isInstanceOf(MqttSecurityException.class);
	}

	@Test
	void revokingATokenClosesTheDevicesLiveConnection() throws Exception {
		String user = Keycloak.token("acme-dev");
		Registered device = register("mqtt-live-revoked");
		Registered bystander = register("mqtt-live-bystander");
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token());
				MqttDevice other = MqttDevice.connect(bystander.id(), bystander.token())) {
			assertThat(Api.delete("/api/v1/devices/" + device.id() + "/token", user).status()).isIn(200, 204);
			Awaitility.await("the revoked device's connection closed").atMost(Duration.ofSeconds(30)).until(() -> !mqtt.connected());
			assertThat(other.connected()).as("another device stays connected").isTrue();
		}
	}

	@Test
	void rotatingATokenEndsTheConnectionOpenedWithTheOldOne() throws Exception {
		String user = Keycloak.token("acme-admin");
		Registered device = register("mqtt-live-rotated");
		Registered bystander = register("mqtt-rotated-bystander");
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token());
				MqttDevice other = MqttDevice.connect(bystander.id(), bystander.token())) {
			Api.Answer rotated = Api.post("/api/v1/devices/" + device.id() + "/token", user, "");
			assertThat(rotated.status()).isEqualTo(200);
			Awaitility.await("the connection opened with the old token closed").atMost(Duration.ofSeconds(30))
				.until(() -> !mqtt.connected());
			assertThat(other.connected()).as("another device stays connected").isTrue();
			try (MqttDevice again = MqttDevice.connect(device.id(), rotated.json().get("token").asString())) {
				assertThat(again.connected()).as("the new token connects").isTrue();
			}
		}
	}

	@Test
	void publishingAnotherDevicesTopicClosesTheConnection() throws Exception {
		Registered device = register("mqtt-pub-a");
		Registered victim = register("mqtt-pub-b");
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
			Throwable failure = catchThrowable(() -> mqtt.publish("devices/" + victim.id() + "/telemetry", "{\"values\":{\"t\":1}}"));
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !mqtt.connected());
			assertThat(failure != null || mqtt.lost() != null).isTrue();
		}
		for (String topic : new String[] { "devices/" + device.id() + "/commands", "devices/" + device.id() + "/other",
				"devices/" + device.id() + "/commands/x/y/result", "elsewhere/telemetry" }) {
			try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
				catchThrowable(() -> mqtt.publish(topic, "{}"));
				Awaitility.await("publishing " + topic + " refused").atMost(Duration.ofSeconds(10)).until(() -> !mqtt.connected());
			}
		}
	}

	@Test
	void subscribingAnotherDevicesCommandsIsRefused() throws Exception {
		Registered device = register("mqtt-sub-a");
		Registered victim = register("mqtt-sub-b");
		for (String filter : new String[] { "devices/" + victim.id() + "/commands", "devices/+/commands", "devices/#",
				"devices/" + device.id() + "/telemetry" }) {
			try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
				Throwable failure = catchThrowable(() -> mqtt.subscribe(filter));
				Awaitility.await("subscribing " + filter + " refused").atMost(Duration.ofSeconds(10))
					.until(() -> failure != null || !mqtt.connected());
			}
		}
	}

	@Test
	void aSecondConnectionOfTheSameDeviceTakesOver() throws Exception {
		Registered device = register("mqtt-takeover");
		try (MqttDevice first = MqttDevice.connect(device.id(), device.token());
				MqttDevice second = MqttDevice.connect(device.id(), device.token())) {
			Awaitility.await("the older connection ended").atMost(Duration.ofSeconds(10)).until(() -> !first.connected());
			second.publish("devices/" + device.id() + "/heartbeat", "");
			assertThat(second.connected()).isTrue();
		}
	}

	@Test
	void mqtt5IsRefusedWithUnsupportedProtocolVersion() throws Exception {
		Registered device = register("mqtt-v5");
		try (RawClient raw = new RawClient()) {
			raw.send(MqttPackets.connect(5, device.id(), device.id(), device.token(), 30));
			// An MQTT 5 CONNACK: no session, reason 0x84 (unsupported protocol version), no properties; then the end.
			assertThat(raw.read(5)).containsExactly(0x20, 0x03, 0x00, 0x84, 0x00);
			assertThat(raw.closed()).isTrue();
		}
		try (RawClient raw = new RawClient()) {
			raw.send(MqttPackets.connect(4, device.id(), device.id(), device.token(), 30));
			assertThat(raw.read(4)).as("the same CONNECT in MQTT 3.1.1 is accepted").containsExactly(0x20, 0x02, 0x00, 0x00);
		}
	}

	@Test
	void aPacketBeforeConnectEndsTheConnection() throws Exception {
		try (RawClient raw = new RawClient()) {
			raw.send(new byte[] { (byte) 0xC0, 0x00 }); // PINGREQ
			assertThat(raw.closed()).isTrue();
		}
	}

	@Test
	void aDeviceSilentPastItsKeepAliveIsDisconnected() throws Exception {
		Registered device = register("mqtt-keepalive");
		try (RawClient raw = new RawClient()) {
			raw.send(MqttPackets.connect(4, device.id(), device.id(), device.token(), 1));
			assertThat(raw.read(4)).containsExactly(0x20, 0x02, 0x00, 0x00);
			long start = System.nanoTime();
			// Nothing more is sent: 1.5 times the keep-alive of one second later the connection ends.
			assertThat(raw.closed()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(5));
		}
	}

	@Test
	void aConnectionThatNeverSaysConnectIsClosed() throws Exception {
		try (RawClient raw = new RawClient()) {
			// The test profile waits 3 s (cirrus.mqtt.connect-timeout) for CONNECT.
			assertThat(raw.closed()).isTrue();
		}
	}

	private static Registered register(String name) {
		return DeviceApi.register(Keycloak.token("acme-dev"), name + "-" + UUID.randomUUID().toString().substring(0, 8));
	}

	/** A plain socket speaking MQTT bytes, for what a well-behaved client library will not send. */
	private static final class RawClient implements AutoCloseable {

		private final Socket socket = new Socket("127.0.0.1", 18830);

		RawClient() throws IOException {
			socket.setSoTimeout(15_000);
		}

		void send(byte[] bytes) throws IOException {
			socket.getOutputStream().write(bytes);
			socket.getOutputStream().flush();
		}

		int[] read(int n) throws IOException {
			int[] bytes = new int[n];
			for (int i = 0; i < n; i++) {
				bytes[i] = socket.getInputStream().read();
			}
			return bytes;
		}

		/** Whether the server ends the connection within the socket timeout (anything it sends first is skipped). */
		boolean closed() throws IOException {
			try {
				while (socket.getInputStream().read() >= 0) {
					// skip
				}
				return true;
			}
			catch (SocketTimeoutException e) {
				return false;
			}
			catch (SocketException e) {
				return true; // reset
			}
		}

		@Override
		public void close() throws IOException {
			socket.close();
		}
	}
}
