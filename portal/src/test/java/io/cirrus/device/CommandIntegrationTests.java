package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.DeviceApi.Registered;
import io.cirrus.test.Keycloak;
import io.cirrus.test.MqttDevice;
import tools.jackson.databind.JsonNode;

/** Commands to devices through the real API, the real broker and a real MQTT client: states, expiry, tenants, input. */
@CirrusIntegrationTest
class CommandIntegrationTests {

	@Autowired
	DeviceCommands commands;

	@Test
	void commandOverHttpLongPollIsDeliveredAndAnswered() throws Exception {
		String user = Keycloak.token("acme-dev");
		Registered device = register(user, "cmd-http");

		// The device waits first; the command wakes its poll.
		CompletableFuture<Answer> poll = CompletableFuture
			.supplyAsync(() -> DeviceApi.get("/api/v1/device/commands?waitSeconds=20", device.token()));
		Thread.sleep(500);
		long sent = System.nanoTime();
		Answer created = Api.post(path(device), user,
				"{\"name\":\"set-interval\",\"params\":{\"seconds\":30},\"ttlSeconds\":120}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("state").asString()).isEqualTo("PENDING");
		assertThat(created.header("Location")).endsWith(created.json().get("id").asString());
		String id = created.json().get("id").asString();

		Answer fetched = poll.get();
		long waitedMillis = (System.nanoTime() - sent) / 1_000_000;
		assertThat(fetched.status()).isEqualTo(200);
		JsonNode items = fetched.json().get("commands");
		assertThat(items).hasSize(1);
		assertThat(items.get(0).get("id").asString()).isEqualTo(id);
		assertThat(items.get(0).get("name").asString()).isEqualTo("set-interval");
		assertThat(items.get(0).get("params").get("seconds").asInt()).isEqualTo(30);
		assertThat(waitedMillis).as("the poll answered when the command came, not at its end").isLessThan(5000);

		JsonNode delivered = Api.get(path(device) + "/" + id, user).json();
		assertThat(delivered.get("state").asString()).isEqualTo("DELIVERED");
		assertThat(delivered.get("deliveredVia").asString()).isEqualTo("HTTP");

		// Nothing more to fetch: an empty poll answers after its wait.
		assertThat(DeviceApi.get("/api/v1/device/commands?waitSeconds=1", device.token()).json().get("commands")).isEmpty();

		Answer answered = DeviceApi.post("/api/v1/device/commands/" + id + "/result", device.token(),
				"{\"status\":\"SUCCEEDED\",\"result\":{\"applied\":true}}");
		assertThat(answered.status()).isEqualTo(200);
		JsonNode done = Api.get(path(device) + "/" + id, user).json();
		assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("result").get("applied").asBoolean()).isTrue();
		assertThat(done.get("completedAt").isNull()).isFalse();

		// The same answer again is harmless; a different one is a conflict.
		assertThat(DeviceApi.post("/api/v1/device/commands/" + id + "/result", device.token(), "{\"status\":\"SUCCEEDED\"}")
			.status()).isEqualTo(200);
		assertThat(DeviceApi.post("/api/v1/device/commands/" + id + "/result", device.token(), "{\"status\":\"FAILED\"}")
			.status()).isEqualTo(409);

		JsonNode list = Api.get(path(device), user).json();
		assertThat(list).hasSize(1);
		assertThat(list.get(0).get("id").asString()).isEqualTo(id);
	}

	@Test
	void commandOverMqttIsDeliveredToTheSubscriptionAndAnsweredOverMqtt() throws Exception {
		String user = Keycloak.token("acme-dev");
		Registered device = register(user, "cmd-mqtt");
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
			mqtt.subscribe("devices/" + device.id() + "/commands");

			String id = Api.post(path(device), user, "{\"name\":\"reboot\",\"params\":{\"delay\":0}}").json().get("id").asString();
			String body = mqtt.next(10);
			assertThat(body).as("the command on devices/<id>/commands").isNotNull().contains(id).contains("\"reboot\"");
			Awaitility.await("DELIVERED over MQTT").atMost(Duration.ofSeconds(10))
				.until(() -> "DELIVERED".equals(Api.get(path(device) + "/" + id, user).json().get("state").asString()));
			assertThat(Api.get(path(device) + "/" + id, user).json().get("deliveredVia").asString()).isEqualTo("MQTT");

			mqtt.publish("devices/" + device.id() + "/commands/" + id + "/result",
					"{\"status\":\"FAILED\",\"result\":{\"reason\":\"busy\"}}");
			Awaitility.await("FAILED from the MQTT answer").atMost(Duration.ofSeconds(10))
				.until(() -> "FAILED".equals(Api.get(path(device) + "/" + id, user).json().get("state").asString()));
			assertThat(Api.get(path(device) + "/" + id, user).json().get("result").get("reason").asString()).isEqualTo("busy");
		}
	}

	@Test
	void commandSentWhileTheDeviceIsOfflineReachesItsMqttSessionLater() throws Exception {
		String user = Keycloak.token("acme-dev");
		Registered device = register(user, "cmd-offline");
		// First connection: a persistent session subscribes, then the device goes away.
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
			mqtt.subscribe("devices/" + device.id() + "/commands");
		}
		String id = Api.post(path(device), user, "{\"name\":\"reboot\"}").json().get("id").asString();
		try (MqttDevice mqtt = MqttDevice.connect(device.id(), device.token())) {
			assertThat(mqtt.next(10)).isNotNull().contains(id);
		}
	}

	@Test
	void unansweredCommandExpiresAndRefusesLateAnswers() {
		String user = Keycloak.token("acme-dev");
		Registered device = register(user, "cmd-expire");
		String id = Api.post(path(device), user, "{\"name\":\"reboot\",\"ttlSeconds\":1}").json().get("id").asString();

		Awaitility.await("EXPIRED").atMost(Duration.ofSeconds(10))
			.until(() -> "EXPIRED".equals(Api.get(path(device) + "/" + id, user).json().get("state").asString()));
		assertThat(DeviceApi.get("/api/v1/device/commands", device.token()).json().get("commands")).isEmpty();
		assertThat(DeviceApi.post("/api/v1/device/commands/" + id + "/result", device.token(), "{\"status\":\"SUCCEEDED\"}")
			.status()).isEqualTo(409);
	}

	@Test
	void anotherTenantsDeviceAndCommandsAreNotFoundOnEveryEndpoint() {
		String acme = Keycloak.token("acme-dev");
		String globex = Keycloak.token("globex-dev");
		Registered device = register(acme, "cmd-tenant");
		Registered globexDevice = register(globex, "cmd-tenant-globex");
		String id = Api.post(path(device), acme, "{\"name\":\"reboot\"}").json().get("id").asString();

		assertThat(Api.post(path(device), globex, "{\"name\":\"reboot\"}").status()).isEqualTo(404);
		assertThat(Api.get(path(device), globex).status()).isEqualTo(404);
		assertThat(Api.get(path(device) + "/" + id, globex).status()).isEqualTo(404);
		// A device of another tenant can neither answer nor fetch the command.
		assertThat(DeviceApi.post("/api/v1/device/commands/" + id + "/result", globexDevice.token(), "{\"status\":\"SUCCEEDED\"}")
			.status()).isEqualTo(404);
		assertThat(DeviceApi.get("/api/v1/device/commands", globexDevice.token()).json().get("commands")).isEmpty();
		// Nor can another device of the same tenant.
		Registered sibling = register(acme, "cmd-sibling");
		assertThat(DeviceApi.post("/api/v1/device/commands/" + id + "/result", sibling.token(), "{\"status\":\"SUCCEEDED\"}")
			.status()).isEqualTo(404);
		assertThat(Api.get(path(device) + "/" + id, acme).json().get("state").asString()).isIn("PENDING", "DELIVERED");
	}

	@Test
	void badInputIsAnswered400NamingTheField() {
		String user = Keycloak.token("acme-dev");
		Registered device = register(user, "cmd-bad");
		assertField(Api.post(path(device), user, "{\"params\":{}}"), "name");
		assertField(Api.post(path(device), user, "{\"name\":\"re boot\"}"), "name");
		assertField(Api.post(path(device), user, "{\"name\":\"reboot\",\"ttlSeconds\":0}"), "ttlSeconds");
		assertField(Api.post(path(device), user, "{\"name\":\"reboot\",\"ttlSeconds\":999999999}"), "ttlSeconds");
		assertField(Api.post(path(device), user, "{\"name\":\"reboot\",\"ttlSeconds\":\"soon\"}"), "ttlSeconds");
		assertField(Api.post(path(device), user, "{\"name\":\"reboot\",\"params\":\"x\"}"), "params");
		assertField(Api.post(path(device), user, "{\"name\":\"reboot\",\"params\":{\"blob\":\"" + "x".repeat(17_000) + "\"}}"),
				"params");
		assertField(DeviceApi.get("/api/v1/device/commands?waitSeconds=61", device.token()), "waitSeconds");
		String id = Api.post(path(device), user, "{\"name\":\"reboot\"}").json().get("id").asString();
		assertField(DeviceApi.post("/api/v1/device/commands/" + id + "/result", device.token(), "{\"status\":\"MAYBE\"}"), "status");
		assertField(DeviceApi.post("/api/v1/device/commands/" + id + "/result", device.token(), "{\"status\":\"EXPIRED\"}"), "status");
		assertField(DeviceApi.post("/api/v1/device/commands/" + id + "/result", device.token(), "{}"), "status");

		// Viewers read commands but do not send them; devices must be named by their id.
		String viewer = Keycloak.token("acme-viewer");
		assertThat(Api.post(path(device), viewer, "{\"name\":\"reboot\"}").status()).isEqualTo(403);
		assertThat(Api.get(path(device), viewer).status()).isEqualTo(200);
		assertThat(Api.get("/api/v1/devices/not-a-device/commands", user).status()).isEqualTo(404);
		assertThat(Api.post(path(device), null, "{\"name\":\"reboot\"}").status()).isEqualTo(401);
	}

	@Test
	void platformSendsCommandsWithoutAUser() {
		String user = Keycloak.token("acme-dev");
		Registered device = register(user, "cmd-platform");
		TenantId tenant = TenantId.of(Api.get("/api/v1/me", user).json().get("tenant").get("id").asString());

		DeviceCommand command = commands.sendAsPlatform(tenant, DeviceId.of(device.id()), "reboot", Map.of(),
				Duration.ofMinutes(1));
		assertThat(command.createdBy()).isEqualTo(DeviceCommands.PLATFORM);
		JsonNode fetched = DeviceApi.get("/api/v1/device/commands", device.token()).json().get("commands");
		assertThat(fetched).hasSize(1);
		assertThat(fetched.get(0).get("id").asString()).isEqualTo(command.id().toString());

		// Another tenant's device is not the platform's to command in this tenant's name.
		Registered globexDevice = register(Keycloak.token("globex-dev"), "cmd-platform-globex");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> commands.sendAsPlatform(tenant, DeviceId.of(globexDevice.id()), "reboot", Map.of(),
					Duration.ofMinutes(1)))
			.isInstanceOf(io.cirrus.shared.NotFoundException.class);
	}

	private static void assertField(Answer answer, String field) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().get("errors").toString()).as(answer.body()).contains("\"" + field + "\"");
	}

	private static Registered register(String user, String name) {
		return DeviceApi.register(user, name + "-" + UUID.randomUUID().toString().substring(0, 8));
	}

	private static String path(Registered device) {
		return "/api/v1/devices/" + device.id() + "/commands";
	}
}
