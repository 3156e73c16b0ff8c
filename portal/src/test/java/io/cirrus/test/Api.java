package io.cirrus.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the Cirrus API under test: raw requests, raw answers. */
public final class Api {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Api() {
	}

	/** An answer: status, content type and body (parsed when it is JSON). */
	public record Answer(int status, String contentType, String body, HttpResponse<String> raw) {

		public JsonNode json() {
			return JSON.readTree(body);
		}

		public String header(String name) {
			return raw.headers().firstValue(name).orElse(null);
		}
	}

	public static Answer get(String path, String token) {
		return send(request(path, token).GET());
	}

	public static Answer put(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	public static Answer post(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public static Answer delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	public static Answer postBytes(String path, String token, String contentType, byte[] body) {
		return send(request(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/** A body without a declared length (sent chunked). */
	public static Answer postChunked(String path, String token, String contentType, byte[] body) {
		return send(request(path, token).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
	}

	public static Answer putBytes(String path, String token, String contentType, byte[] body) {
		return send(request(path, token).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	private static HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(CirrusIntegrationTest.BASE_URL + path));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	/** Sends a request and answers its status, content type and body (device-facing calls use it too). */
	static Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
