package io.cirrus.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import io.cirrus.test.Api.Answer;

/**
 * Device-facing calls for tests: the device token in {@code X-Device-Token} (or {@code Authorization: Device}),
 * and a device registered through the user API with its token.
 */
public final class DeviceApi {

	private DeviceApi() {
	}

	/** A device registered through the API, with the token it was given once. */
	public record Registered(String id, String token) {
	}

	/** Registers a device as {@code userToken}'s tenant (a developer or tenant admin). */
	public static Registered register(String userToken, String name) {
		Answer answer = Api.post("/api/v1/devices", userToken, Api.json(Map.of("name", name)));
		if (answer.status() != 201) {
			throw new IllegalStateException("Registering a device failed: " + answer.status() + " " + answer.body());
		}
		return new Registered(answer.json().get("device").get("id").asString(), answer.json().get("token").asString());
	}

	public static Answer get(String path, String deviceToken) {
		return send(request(path).header("X-Device-Token", deviceToken).GET());
	}

	/** GET with the token as {@code Authorization: Device <token>}. */
	public static Answer getWithAuthorization(String path, String deviceToken) {
		return send(request(path).header("Authorization", "Device " + deviceToken).GET());
	}

	public static Answer post(String path, String deviceToken, String json) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (deviceToken != null) {
			request.header("X-Device-Token", deviceToken);
		}
		return send(request);
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(CirrusIntegrationTest.BASE_URL + path));
	}

	private static Answer send(HttpRequest.Builder request) {
		return Api.send(request);
	}
}
