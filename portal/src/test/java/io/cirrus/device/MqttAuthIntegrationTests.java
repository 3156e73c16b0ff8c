package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.DeviceApi.Registered;
import io.cirrus.test.Keycloak;
import io.cirrus.test.MqttDevice;

/**
 * Devices over MQTT on the test RabbitMQ node, which asks Cirrus (rabbitmq_auth_backend_http) who may connect and
 * which topics each device may use: a real MQTT client against the real broker.
 */
@CirrusIntegrationTest
class MqttAuthIntegrationTests {

	private static final String SECRET = "test-mqtt-auth-secret";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

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

		// The broker caches answers for a second (auth_cache.cache_ttl of the test node).
		Awaitility.await("revoked token refused").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
			.until(() -> {
				try {
					MqttDevice.connect(device.id(), device.token()).close();
					return false;
				}
				catch (MqttSecurityException e) {
					return true;
				}
			});
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
	void authEndpointsAnswerOnlyTheBrokerWithTheSecretFromThisHost() throws Exception {
		Registered device = register("mqtt-endpoint");
		String query = "?username=" + device.id() + "&password=" + device.token() + "&client_id=" + device.id();

		assertThat(call("127.0.0.1", SECRET, "user", query)).isEqualTo("200 allow");
		assertThat(call("127.0.0.1", SECRET, "user", query.replace("password=", "password=x"))).isEqualTo("200 deny");
		// Without the secret, or with a wrong one, the endpoints do not exist: nothing to guess tokens against.
		assertThat(call("127.0.0.1", "wrong-secret", "user", query)).startsWith("404");
		assertThat(call("127.0.0.1", "", "user", query)).startsWith("404");
		// From another address of this machine (not loopback) even the right secret gets nothing.
		assertThat(call(nonLoopbackAddress(), SECRET, "user", query)).startsWith("404");

		// The topic rules, asked the way the broker asks.
		String topic = "?username=" + device.id() + "&vhost=%2F&resource=topic&name=amq.topic";
		assertThat(call("127.0.0.1", SECRET, "topic", topic + "&permission=write&routing_key=devices." + device.id() + ".telemetry"))
			.isEqualTo("200 allow");
		assertThat(call("127.0.0.1", SECRET, "topic", topic + "&permission=read&routing_key=devices." + device.id() + ".telemetry"))
			.isEqualTo("200 deny");
		assertThat(call("127.0.0.1", SECRET, "topic", topic + "&permission=read&routing_key=devices.*.commands"))
			.isEqualTo("200 deny");
		assertThat(call("127.0.0.1", SECRET, "resource",
				"?username=" + device.id() + "&vhost=%2F&resource=queue&name=cirrus.mqtt.telemetry&permission=read"))
			.isEqualTo("200 deny");
		assertThat(call("127.0.0.1", SECRET, "user", "?username=guest&password=guest&client_id=guest")).isEqualTo("200 deny");
	}

	private static Registered register(String name) {
		return DeviceApi.register(Keycloak.token("acme-dev"), name + "-" + UUID.randomUUID().toString().substring(0, 8));
	}

	private static String call(String host, String secret, String kind, String query) throws IOException, InterruptedException {
		String path = "/api/v1/mqtt/auth/" + (secret.isEmpty() ? "" : secret + "/") + kind;
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":18080" + path + query)).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.statusCode() + (response.statusCode() == 200 ? " " + response.body() : "");
	}

	/** An IPv4 address of this machine that is not loopback; the test needs one to prove loopback-only. */
	private static String nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(i -> {
				try {
					return i.isUp() && !i.isLoopback();
				}
				catch (SocketException e) {
					return false;
				}
			})
			.flatMap(NetworkInterface::inetAddresses)
			.filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
			.map(InetAddress::getHostAddress)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"This machine has no non-loopback IPv4 address: the loopback-only check of the MQTT auth endpoints cannot be tested here."));
	}
}
