package io.cirrus.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.DeviceApi;

/** App documents and calls for the app tests: a freezer app over devices of a tag made for the test. */
final class AppFixture {

	static final String APPS = "/api/v1/apps";

	private AppFixture() {
	}

	/** A device registered with a tag, as the token's tenant; its id. */
	static String device(String token, String name, String tag) {
		return register(token, name, tag).id();
	}

	/** A device registered with a tag, as the token's tenant; its id and its token. */
	static DeviceApi.Registered register(String token, String name, String tag) {
		Answer answer = Api.post("/api/v1/devices", token, Api.json(Map.of("name", name, "tags", List.of(tag))));
		if (answer.status() != 201) {
			throw new IllegalStateException("Registering a device failed: " + answer.status() + " " + answer.body());
		}
		return new DeviceApi.Registered(answer.json().get("device").get("id").asString(), answer.json().get("token").asString());
	}

	static String tag() {
		return "freezer-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * "Temperature above 30 for 2 readings in a row: notify acme-admin in the portal, priority high", over the devices
	 * of a tag.
	 */
	static String freezer(String name, String tag) {
		return """
				name: %s
				description: Tell the admin when a freezer stays too warm.
				settings:
				  threshold: {type: number, value: 30}
				permissions:
				  devices: {tags: [%s]}
				  actions: [notify]
				triggers:
				  - id: readings
				    kind: telemetry
				    keys: [temperature]
				blocks:
				  - id: hot
				    kind: for-duration
				    condition: event.values.temperature > app.settings.threshold
				    readings: 2
				rules:
				  - id: too-warm
				    condition: blocks.hot
				    actions:
				      - kind: notify
				        recipients: [user:acme-admin]
				        channels: [inbox]
				        priority: high
				        title: "{{ device.name }} is at {{ event.values.temperature }} °C"
				""".formatted(name, tag);
	}

	static Answer postYaml(String path, String token, String yaml) {
		return Api.postBytes(path, token, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
	}

	static Answer create(String token, String yaml) {
		Answer created = postYaml(APPS, token, yaml);
		if (created.status() != 201) {
			throw new IllegalStateException("Creating an app failed: " + created.status() + " " + created.body());
		}
		return created;
	}

	static String name(String prefix) {
		return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
	}
}
