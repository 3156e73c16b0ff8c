package io.cirrus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API is documented at /v3/api-docs and Swagger UI signs in with Keycloak; the document tells the truth: real
 * success codes, one Problem schema for every error answer, device tokens on device-facing paths.
 */
@CirrusIntegrationTest
class OpenApiIntegrationTests {

	/** Redocly's CLI from npm, run with npx (which keeps it in npm's cache after the first run). */
	private static final String REDOCLY = "@redocly/cli@2.77.0";

	@Test
	void documentListsTheApiAndKeycloakAsItsSecurityScheme() {
		JsonNode document = Api.get("/v3/api-docs", null).json();
		assertThat(document.get("paths").propertyNames()).contains("/api/v1/me", "/api/v1/tenant/settings");
		JsonNode flow = document.at("/components/securitySchemes/keycloak/flows/authorizationCode");
		assertThat(flow.get("authorizationUrl").asString())
			.isEqualTo("http://localhost:8180/realms/cirrus/protocol/openid-connect/auth");
	}

	@Test
	void swaggerUiUsesThePublicClientWithPkce() {
		Api.Answer initializer = Api.get("/swagger-ui/swagger-initializer.js", null);
		assertThat(initializer.status()).isEqualTo(200);
		assertThat(initializer.body()).contains("\"clientId\":\"cirrus-swagger\"", "\"usePkceWithAuthorizationCodeGrant\":true");
	}

	@Test
	void everyErrorAnswerIsTheProblemSchemaUnderProblemJson() {
		JsonNode document = Api.get("/v3/api-docs", null).json();
		JsonNode problem = document.at("/components/schemas/Problem");
		assertThat(problem.get("properties").propertyNames()).contains("type", "title", "status", "detail", "instance",
				"errors");
		assertThat(problem.at("/properties/errors/items/properties").propertyNames()).contains("field", "message");
		List<String> wrong = new ArrayList<>();
		List<String> withoutClientError = new ArrayList<>();
		document.get("paths").properties().forEach(path -> operations(path.getValue()).forEach(operation -> {
			String name = operation.getKey().toUpperCase() + " " + path.getKey();
			boolean clientError = false;
			for (var response : operation.getValue().get("responses").properties()) {
				if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
					clientError |= response.getKey().startsWith("4");
					JsonNode content = response.getValue().get("content");
					if (content == null || !List.copyOf(content.propertyNames()).equals(List.of("application/problem+json"))
							|| !"#/components/schemas/Problem"
								.equals(content.at("/application~1problem+json/schema/$ref").asString(""))) {
						wrong.add(name + " " + response.getKey());
					}
				}
			}
			if (!clientError) {
				withoutClientError.add(name);
			}
		}));
		assertThat(wrong).isEmpty();
		assertThat(withoutClientError).isEmpty();

		String user = Keycloak.token("acme-dev");
		Api.Answer missing = Api.get("/api/v1/devices/" + UUID.randomUUID(), user);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.contentType()).startsWith("application/problem+json");
		assertThat(missing.json().propertyNames()).contains("type", "title", "status", "detail", "instance");
		assertThat(document.at("/paths/~1api~1v1~1devices~1{id}/get/responses").propertyNames()).contains("200", "401",
				"404");
	}

	@Test
	void creatingADeviceIsDocumentedAndAnsweredAs201WithLocation() {
		JsonNode responses = Api.get("/v3/api-docs", null).json().at("/paths/~1api~1v1~1devices/post/responses");
		assertThat(responses.propertyNames()).contains("201", "400", "401").doesNotContain("200");
		assertThat(responses.at("/201/headers/Location").isMissingNode()).isFalse();

		String user = Keycloak.token("acme-dev");
		Api.Answer created = Api.post("/api/v1/devices", user, Api.json(Map.of("name", "OpenAPI " + UUID.randomUUID())));
		assertThat(created.status()).isEqualTo(201);
		String location = created.header("Location");
		assertThat(location).isEqualTo("/api/v1/devices/" + created.json().at("/device/id").asString());
		assertThat(Api.get(location, user).status()).isEqualTo(200);
	}

	@Test
	void deviceIngestIsDocumentedAs202WithTheDeviceTokenOnBothServers() throws Exception {
		JsonNode document = Api.get("/v3/api-docs", null).json();
		assertThat(document.at("/components/securitySchemes/deviceToken/name").asString()).isEqualTo("X-Device-Token");
		assertThat(document.at("/components/securitySchemes/deviceAuthorization/name").asString()).isEqualTo("Authorization");
		for (String path : List.of("/api/v1/telemetry", "/api/v1/heartbeat", "/api/v1/device/me")) {
			JsonNode operations = document.get("paths").get(path);
			operations(operations).forEach(operation -> assertThat(operation.getValue().get("security").toString())
				.as(path)
				.isEqualTo("[{\"deviceToken\":[]},{\"deviceAuthorization\":[]}]"));
		}
		JsonNode provisionSecurity = document.at("/paths/~1api~1v1~1provision/post/security");
		assertThat(provisionSecurity.isArray() && provisionSecurity.isEmpty()).as("provisioning is public").isTrue();
		assertThat(document.at("/paths/~1api~1v1~1provision/post/responses").propertyNames()).doesNotContain("401");
		assertThat(document.at("/paths/~1api~1v1~1devices/get/security").isMissingNode()).isTrue();
		JsonNode audio = document.at("/paths/~1api~1v1~1audio~1{tenant}~1{clip}/get");
		assertThat(audio.get("security").isArray() && audio.get("security").isEmpty()).as("signed audio links are public")
			.isTrue();
		assertThat(audio.get("responses").propertyNames()).doesNotContain("401");

		JsonNode telemetry = document.at("/paths/~1api~1v1~1telemetry");
		assertThat(telemetry.at("/post/responses").propertyNames()).contains("202", "400", "401").doesNotContain("200");
		assertThat(document.at("/paths/~1api~1v1~1heartbeat/post/responses").propertyNames()).contains("202")
			.doesNotContain("200");
		List<String> servers = new ArrayList<>();
		telemetry.get("servers").forEach(server -> servers.add(server.get("url").asString()));
		assertThat(servers).hasSize(2).contains("/");
		String deviceServer = servers.get(1).replace("{host}", "localhost");
		assertThat(deviceServer).matches("http://localhost:\\d+");

		DeviceApi.Registered device = DeviceApi.register(Keycloak.token("acme-dev"), "OpenAPI " + UUID.randomUUID());
		String reading = "{\"values\": {\"t\": 21.5}}";
		assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), reading).status()).isEqualTo(202);
		HttpResponse<String> direct = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(deviceServer + "/api/v1/telemetry"))
				.header("X-Device-Token", device.token())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(reading))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(direct.statusCode()).as(direct.body()).isEqualTo(202);
	}

	@Test
	void documentHasNoErrorsUnderRedoclysRecommendedRules(@TempDir Path dir) throws Exception {
		Path document = Files.writeString(dir.resolve("openapi.json"), Api.get("/v3/api-docs", null).body());
		Path config = Files.writeString(dir.resolve("redocly.yaml"), "extends:\n  - recommended\n");
		ProcessBuilder command = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", "--config", config.toString(),
				"--format", "json", document.toString())
			.directory(dir.toFile())
			.redirectError(dir.resolve("stderr.txt").toFile());
		command.environment().put("REDOCLY_TELEMETRY", "off");
		command.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
		Process lint = command.start();
		String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(lint.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(output).as(Files.readString(dir.resolve("stderr.txt"))).startsWith("{");
		JsonNode report = JsonMapper.builder().build().readTree(output);
		List<String> errors = new ArrayList<>();
		report.get("problems").forEach(problem -> {
			if ("error".equals(problem.get("severity").asString())) {
				errors.add(problem.get("ruleId").asString() + " at " + problem.at("/location/0/pointer").asString() + ": "
						+ problem.get("message").asString());
			}
		});
		assertThat(errors).isEmpty();
		assertThat(report.at("/totals/errors").asInt(-1)).isZero();
	}

	/** The operations of a path item, without its other fields (servers, parameters). */
	private static List<Map.Entry<String, JsonNode>> operations(JsonNode pathItem) {
		List<Map.Entry<String, JsonNode>> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : pathItem.properties()) {
			if (List.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(field.getKey())) {
				operations.add(field);
			}
		}
		return operations;
	}
}
