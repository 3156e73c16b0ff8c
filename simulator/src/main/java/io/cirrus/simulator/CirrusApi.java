package io.cirrus.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Cirrus API as the simulator uses it: a user's sign-in through Keycloak, the device registry, device calls. */
final class CirrusApi {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String cirrus;

	private final String keycloak;

	CirrusApi(String cirrus, String keycloak) {
		this.cirrus = cirrus;
		this.keycloak = keycloak;
	}

	record Response(int status, String body) {

		JsonNode json() {
			return JSON.readTree(body);
		}
	}

	/** An access token for a user, through the public {@code cirrus-cli} client (password grant). */
	String signIn(String username, String password) {
		String form = "grant_type=password&client_id=cirrus-cli&username=" + encode(username) + "&password=" + encode(password);
		Response answer = send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/cirrus/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		if (answer.status() != 200) {
			throw new IllegalStateException("Keycloak refused the sign-in of " + username + " (" + answer.status() + "): " + answer.body());
		}
		return answer.json().get("access_token").asString();
	}

	/** The id of the device with exactly this name that is not decommissioned, if any. */
	Optional<String> findDevice(String user, String name) {
		Response answer = send(authorized(user, "/api/v1/devices?size=50&name=" + encode(name)).GET());
		check(answer, "listing devices");
		for (JsonNode device : answer.json().get("items")) {
			if (device.get("name").asString().equals(name) && device.get("decommissionedAt").isNull()) {
				return Optional.of(device.get("id").asString());
			}
		}
		return Optional.empty();
	}

	/** Registers a device: its id and token (shown this once). */
	Map.Entry<String, String> register(String user, String name) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("tags", java.util.List.of("simulated"));
		Response answer = send(authorized(user, "/api/v1/devices").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		check(answer, "registering " + name);
		return Map.entry(answer.json().get("device").get("id").asString(), answer.json().get("token").asString());
	}

	/** A new token for an existing device (the old one stops working). */
	String rotate(String user, String device) {
		Response answer = send(authorized(user, "/api/v1/devices/" + device + "/token").POST(HttpRequest.BodyPublishers.noBody()));
		check(answer, "rotating the token of " + device);
		return answer.json().get("token").asString();
	}

	/** Whether a device token still works. */
	boolean tokenWorks(String token) {
		return send(device(token, "/api/v1/device/me").GET()).status() == 200;
	}

	Response devicePost(String token, String path, String json) {
		return send(device(token, path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response deviceGet(String token, String path, Duration timeout) {
		return send(device(token, path).timeout(timeout).GET());
	}

	private HttpRequest.Builder authorized(String user, String path) {
		return HttpRequest.newBuilder(URI.create(cirrus + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + user);
	}

	private HttpRequest.Builder device(String token, String path) {
		return HttpRequest.newBuilder(URI.create(cirrus + path)).timeout(Duration.ofSeconds(30)).header("X-Device-Token", token);
	}

	private static void check(Response answer, String what) {
		if (answer.status() / 100 != 2) {
			throw new IllegalStateException(what + " failed (" + answer.status() + "): " + answer.body());
		}
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException e) {
			return new Response(0, e.toString());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Response(0, "interrupted");
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
