package io.cirrus.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Keycloak of the test run: tokens of the demo users (password grant on the {@code cirrus-cli} client)
 * and, through the {@code cirrus-admin} service account, organizations and users made for one test.
 */
public final class Keycloak {

	public static final String URL = "http://localhost:8180";

	public static final String REALM = URL + "/realms/cirrus";

	public static final String PASSWORD = "cirrus";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Keycloak() {
	}

	/** An access token of a demo user. */
	public static String token(String username) {
		return token("cirrus-cli", username, PASSWORD);
	}

	/** An access token of a user through a given public client. */
	public static String token(String client, String username, String password) {
		JsonNode answer = post(REALM + "/protocol/openid-connect/token",
				Map.of("grant_type", "password", "client_id", client, "username", username, "password", password), null);
		return answer.get("access_token").asString();
	}

	/** A token of the admin service account. */
	public static String adminToken() {
		return clientToken("cirrus-admin", "cirrus-admin-secret");
	}

	/** A client-credentials token of a confidential client (a service account). */
	public static String clientToken(String client, String secret) {
		JsonNode answer = post(REALM + "/protocol/openid-connect/token",
				Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret), null);
		return answer.get("access_token").asString();
	}

	/**
	 * Creates an organization with one member (password {@link #PASSWORD}) that Cirrus has never seen; the caller
	 * deletes it with {@link #deleteOrganization(TemporaryOrganization)}.
	 */
	public static TemporaryOrganization createOrganization(String name, String role) {
		return createOrganization(name, role, "t-" + UUID.randomUUID().toString().substring(0, 8));
	}

	/** As {@link #createOrganization(String, String)}, with a given alias (its member is {@code <alias>-user}). */
	public static TemporaryOrganization createOrganization(String name, String role, String alias) {
		String admin = adminToken();
		String orgId = created(send("POST", "/organizations", admin,
				Map.of("name", name + " " + alias, "alias", alias, "enabled", true,
						"domains", List.of(Map.of("name", alias + ".example")))));
		String username = alias + "-user";
		String userId = created(send("POST", "/users", admin,
				Map.of("username", username, "enabled", true, "email", username + "@" + alias + ".example",
						"emailVerified", true, "firstName", "Test", "lastName", "User", "credentials",
						List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)))));
		send("POST", "/organizations/" + orgId + "/members", admin, userId);
		grantRole(userId, role);
		return new TemporaryOrganization(orgId, alias, name + " " + alias, userId, username);
	}

	/** Grants a user a realm role, as an administrator would in Keycloak. */
	public static void grantRole(String userId, String role) {
		String admin = adminToken();
		String available = send("GET", "/users/" + userId + "/role-mappings/realm/available", admin, null).body();
		for (JsonNode candidate : JSON.readTree(available)) {
			if (candidate.get("name").asString().equals(role)) {
				send("POST", "/users/" + userId + "/role-mappings/realm", admin, List.of(JSON.convertValue(candidate, Map.class)));
			}
		}
	}

	/** Removes a user from Keycloak, as an administrator would. */
	public static void deleteUser(String userId) {
		send("DELETE", "/users/" + userId, adminToken(), null);
	}

	/** Deletes a test's organization and its member; either may be gone already (the test removed it). */
	public static void deleteOrganization(TemporaryOrganization organization) {
		String admin = adminToken();
		deleteIfPresent("/users/" + organization.userId(), admin);
		deleteIfPresent("/organizations/" + organization.id(), admin);
	}

	private static void deleteIfPresent(String path, String admin) {
		try {
			send("DELETE", path, admin, null);
		}
		catch (IllegalStateException e) {
			if (!e.getMessage().contains(" answered 404")) {
				throw e;
			}
		}
	}

	/** The id of the organization with this alias, if Keycloak has one. */
	public static java.util.Optional<String> organizationId(String alias) {
		JsonNode found = JSON.readTree(send("GET", "/organizations?briefRepresentation=true&first=0&max=1000", adminToken(), null).body());
		for (JsonNode organization : found) {
			if (organization.get("alias").asString().equals(alias)) {
				return java.util.Optional.of(organization.get("id").asString());
			}
		}
		return java.util.Optional.empty();
	}

	/** The id of the user with this username, if Keycloak has one. */
	public static java.util.Optional<String> userId(String username) {
		JsonNode found = JSON.readTree(send("GET", "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8),
				adminToken(), null).body());
		return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.get(0).get("id").asString());
	}

	/** The usernames of an organization's members. */
	public static List<String> memberUsernames(String organizationId) {
		JsonNode members = JSON.readTree(send("GET", "/organizations/" + organizationId + "/members", adminToken(), null).body());
		List<String> usernames = new java.util.ArrayList<>();
		members.forEach(m -> usernames.add(m.get("username").asString()));
		return usernames;
	}

	/** A user's realm roles and required actions, as Keycloak keeps them. */
	public static UserState user(String userId) {
		String admin = adminToken();
		JsonNode user = JSON.readTree(send("GET", "/users/" + userId, admin, null).body());
		List<String> actions = new java.util.ArrayList<>();
		user.path("requiredActions").forEach(a -> actions.add(a.asString()));
		List<String> roles = new java.util.ArrayList<>();
		JSON.readTree(send("GET", "/users/" + userId + "/role-mappings/realm", admin, null).body())
			.forEach(r -> roles.add(r.get("name").asString()));
		return new UserState(roles, actions);
	}

	/** What Keycloak knows of a user that a test checks. */
	public record UserState(List<String> realmRoles, List<String> requiredActions) {
	}

	/** Sets a user's password as an administrator would (not temporary). */
	public static void setPassword(String userId, String password) {
		send("PUT", "/users/" + userId + "/reset-password", adminToken(),
				Map.of("type", "password", "value", password, "temporary", false));
	}

	/** Keycloak's raw answer to a password grant on {@code cirrus-cli}: status and body. */
	public static HttpResponse<String> passwordGrant(String username, String password) {
		String body = Map.of("grant_type", "password", "client_id", "cirrus-cli", "username", username, "password", password)
			.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(REALM + "/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new IllegalStateException("Keycloak is not reachable at " + URL + ": run ./cirrus test", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Deletes what a test onboarded: the user (if any) and the organization (if any), found by name. */
	public static void deleteOnboarded(String alias, String username) {
		String admin = adminToken();
		userId(username).ifPresent(id -> send("DELETE", "/users/" + id, admin, null));
		organizationId(alias).ifPresent(id -> send("DELETE", "/organizations/" + id, admin, null));
	}

	/** An organization made for one test, with its one member. */
	public record TemporaryOrganization(String id, String alias, String name, String userId, String username) {
	}

	private static String created(HttpResponse<String> response) {
		if (response.statusCode() != 201) {
			throw new IllegalStateException("Keycloak refused: " + response.statusCode() + " " + response.body());
		}
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.substring(location.lastIndexOf('/') + 1);
	}

	private static HttpResponse<String> send(String method, String path, String token, Object body) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + "/admin/realms/cirrus" + path))
				.header("Authorization", "Bearer " + token);
			if (body == null) {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			else {
				String json = body instanceof String text ? JSON.writeValueAsString(text) : JSON.writeValueAsString(body);
				request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
			}
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response;
		}
		catch (IOException e) {
			throw new IllegalStateException("Keycloak is not reachable at " + URL + ": run ./cirrus test", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static JsonNode post(String url, Map<String, String> form, String token) {
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException e) {
			throw new IllegalStateException("Keycloak is not reachable at " + URL + ": run ./cirrus test", e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
