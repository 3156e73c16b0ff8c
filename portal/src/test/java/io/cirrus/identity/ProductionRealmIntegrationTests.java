package io.cirrus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The realm a deployment imports (identity/realm/production, mounted by docker/compose.yml) carries no demo user, no
 * secret (placeholders filled from the operator's .env on import), no password grant and no test client; it turns
 * brute-force detection and a password policy on; and the real Keycloak imports it and enforces both.
 */
class ProductionRealmIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

	static final HttpClient HTTP = HttpClient.newHttpClient();

	@Test
	void theProductionRealmHoldsNoDemoUserSecretOrTestClient() throws Exception {
		JsonNode realm = JSON.readTree(Files.readString(ROOT.resolve("identity/realm/production/cirrus-realm.json")));
		JsonNode demo = JSON.readTree(Files.readString(ROOT.resolve("identity/realm/cirrus-realm.json")));

		assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
		assertThat(realm.get("failureFactor").asInt()).isBetween(1, 10);
		assertThat(realm.get("passwordPolicy").asString()).contains("length(12)").contains("notUsername");
		assertThat(realm.get("sslRequired").asString()).isNotEqualTo("none");
		assertThat(realm.get("registrationAllowed").asBoolean()).isFalse();
		for (JsonNode user : realm.get("users")) {
			assertThat(user.has("serviceAccountClientId")).as(user.get("username").asString() + " is a person").isTrue();
			assertThat(user.has("credentials")).isFalse();
		}
		List<String> clients = new ArrayList<>();
		for (JsonNode client : realm.get("clients")) {
			String id = client.get("clientId").asString();
			clients.add(id);
			boolean confidential = !client.path("publicClient").asBoolean(false);
			assertThat(client.path("directAccessGrantsEnabled").asBoolean(false)).as(id + " allows the password grant").isFalse();
			if (confidential) {
				assertThat(client.get("secret").asString()).as(id + "'s secret").matches(PLACEHOLDER);
			}
			assertThat(client.path("attributes").path("access.token.lifespan").isMissingNode()).as(id + " token lifespan").isTrue();
		}
		assertThat(clients).containsExactlyInAnyOrder("cirrus-portal", "cirrus-swagger", "cirrus-admin", "cirrus-prometheus");
		assertThat(realm.get("roles")).isEqualTo(demo.get("roles"));
		JsonNode admin = realm.get("users").valueStream()
			.filter(u -> u.get("username").asString().equals("service-account-cirrus-admin")).findFirst().orElseThrow();
		assertThat(admin.get("clientRoles").get("realm-management").valueStream().map(JsonNode::asString).toList())
			// manage-clients: tenants' API clients are Keycloak clients Cirrus makes (ADR 0036); never realm-admin.
			.isSubsetOf(Set.of("manage-users", "view-users", "query-users", "manage-organizations", "manage-clients"));

		// Every placeholder is filled by compose from the operator's .env, whose example names it.
		String compose = Files.readString(ROOT.resolve("docker/compose.yml"));
		String example = Files.readString(ROOT.resolve("docker/.env.example"));
		for (String variable : placeholders(Files.readString(ROOT.resolve("identity/realm/production/cirrus-realm.json")))) {
			assertThat(compose).as(variable + " passed to Keycloak").contains(variable + ": ${" + variable + ":?");
			assertThat(example).as(variable + " in the example .env").contains(variable + "=");
		}
		assertThat(compose).contains("../identity/realm/production/cirrus-realm.json:/opt/keycloak/data/import/");
	}

	@Test
	void keycloakImportsItAndEnforcesItsPasswordPolicyAndGrants() throws Exception {
		String text = Files.readString(ROOT.resolve("identity/realm/production/cirrus-realm.json"));
		Map<String, String> secrets = new LinkedHashMap<>();
		for (String variable : placeholders(text)) {
			secrets.put(variable, UUID.randomUUID().toString());
		}
		Matcher placeholders = PLACEHOLDER.matcher(text);
		String filled = placeholders.replaceAll(m -> Matcher.quoteReplacement(secrets.get(m.group(1))));
		ObjectNode realm = (ObjectNode) JSON.readTree(filled);
		String name = "cirrus-prod-" + UUID.randomUUID().toString().substring(0, 8);
		realm.remove("id");
		realm.put("realm", name);
		String master = masterToken();
		HttpResponse<String> created = send("POST", Keycloak.URL + "/admin/realms", master, JSON.writeValueAsString(realm));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		try {
			String realmUrl = Keycloak.URL + "/realms/" + name + "/protocol/openid-connect/token";
			HttpResponse<String> scraper = form(realmUrl, Map.of("grant_type", "client_credentials", "client_id",
					"cirrus-prometheus", "client_secret", secrets.get("CIRRUS_PROMETHEUS_CLIENT_SECRET")));
			assertThat(scraper.statusCode()).as(scraper.body()).isEqualTo(200);
			HttpResponse<String> demoSecret = form(realmUrl, Map.of("grant_type", "client_credentials", "client_id",
					"cirrus-prometheus", "client_secret", "cirrus-prometheus-secret"));
			assertThat(demoSecret.statusCode()).isEqualTo(401);

			// A person: the password policy refuses a short password; the swagger client has no password grant.
			HttpResponse<String> user = send("POST", Keycloak.URL + "/admin/realms/" + name + "/users", master,
					JSON.writeValueAsString(Map.of("username", "operator", "enabled", true)));
			assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
			String location = user.headers().firstValue("Location").orElseThrow();
			String userId = location.substring(location.lastIndexOf('/') + 1);
			HttpResponse<String> weak = send("PUT", Keycloak.URL + "/admin/realms/" + name + "/users/" + userId + "/reset-password",
					master, JSON.writeValueAsString(Map.of("type", "password", "value", "cirrus", "temporary", false)));
			assertThat(weak.statusCode()).as(weak.body()).isEqualTo(400);
			String strong = "Operator-" + UUID.randomUUID();
			HttpResponse<String> set = send("PUT", Keycloak.URL + "/admin/realms/" + name + "/users/" + userId + "/reset-password",
					master, JSON.writeValueAsString(Map.of("type", "password", "value", strong, "temporary", false)));
			assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
			HttpResponse<String> passwordGrant = form(realmUrl, Map.of("grant_type", "password", "client_id",
					"cirrus-swagger", "username", "operator", "password", strong));
			assertThat(passwordGrant.statusCode()).as(passwordGrant.body()).isIn(400, 401);
			assertThat(passwordGrant.body()).contains("unauthorized_client");

			JsonNode imported = JSON.readTree(send("GET", Keycloak.URL + "/admin/realms/" + name, master, null).body());
			assertThat(imported.get("bruteForceProtected").asBoolean()).isTrue();
		}
		finally {
			send("DELETE", Keycloak.URL + "/admin/realms/" + name, masterToken(), null);
		}
	}

	private static Set<String> placeholders(String text) {
		return PLACEHOLDER.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toCollection(java.util.TreeSet::new));
	}

	/** The test Keycloak's bootstrap admin (./cirrus starts it as admin/admin; never a deployment's). */
	private static String masterToken() throws Exception {
		HttpResponse<String> answer = form(Keycloak.URL + "/realms/master/protocol/openid-connect/token",
				Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return JSON.readTree(answer.body()).get("access_token").asString();
	}

	private static HttpResponse<String> form(String url, Map<String, String> fields) throws Exception {
		String body = fields.entrySet().stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
		if (json == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
