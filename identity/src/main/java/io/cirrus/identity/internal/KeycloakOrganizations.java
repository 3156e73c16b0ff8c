package io.cirrus.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import io.cirrus.identity.IdentityProperties;
import io.cirrus.notification.UserDirectory;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.tenant.OrganizationDirectory;

/**
 * Keycloak's organizations and their members through its admin REST API, with the {@code cirrus-admin} service
 * account (client credentials; realm-management {@code manage-users} and {@code manage-organizations}, which is
 * also all that onboarding a tenant needs: the role to grant is read from the user's available roles). The token
 * is reused until shortly before it expires. Members' realm roles come from {@code /users/{id}/role-mappings/realm}
 * (looking roles up by name would need {@code view-realm}, which the account does not have).
 */
@Component
class KeycloakOrganizations implements OrganizationDirectory, UserDirectory {

	private static final int PAGE = 500;

	private final RestClient http;

	private final IdentityProperties identity;

	private final Clock clock;

	private @Nullable String token;

	private Instant tokenExpires = Instant.EPOCH;

	KeycloakOrganizations(RestClient.Builder http, IdentityProperties identity, Clock clock) {
		this.http = http.build();
		this.identity = identity;
		this.clock = clock;
	}

	@Override
	public Optional<Organization> find(String alias) {
		return list().stream().filter(o -> o.alias().equals(alias)).findFirst();
	}

	@Override
	public List<Organization> list() {
		List<Map<String, Object>> found = http.get()
			.uri(identity.adminRealmUrl() + "/organizations?briefRepresentation=true&first=0&max=" + PAGE)
			.header("Authorization", "Bearer " + token())
			.retrieve()
			.body(new org.springframework.core.ParameterizedTypeReference<>() {
			});
		return found == null ? List.of()
				: found.stream()
					.map(o -> new Organization(String.valueOf(o.get("id")), String.valueOf(o.get("alias")),
							String.valueOf(o.get("name"))))
					.toList();
	}

	@Override
	public List<DirectoryUser> members(String organizationAlias) {
		Organization organization = find(organizationAlias)
			.orElseThrow(() -> new IllegalStateException("no organization " + organizationAlias));
		List<DirectoryUser> users = new java.util.ArrayList<>();
		for (int first = 0;; first += PAGE) {
			List<Map<String, Object>> page = http.get()
				.uri(identity.adminRealmUrl() + "/organizations/" + organization.id() + "/members?first=" + first + "&max="
						+ PAGE)
				.header("Authorization", "Bearer " + token())
				.retrieve()
				.body(new org.springframework.core.ParameterizedTypeReference<>() {
				});
			if (page == null || page.isEmpty()) {
				break;
			}
			for (Map<String, Object> member : page) {
				if (Boolean.FALSE.equals(member.get("enabled"))) {
					continue;
				}
				String id = String.valueOf(member.get("id"));
				users.add(new DirectoryUser(id, String.valueOf(member.get("username")), (String) member.get("email"),
						roles(id)));
			}
			if (page.size() < PAGE) {
				break;
			}
		}
		return users;
	}

	@Override
	public Organization create(String alias, String name) {
		String id = created(() -> http.post()
			.uri(identity.adminRealmUrl() + "/organizations")
			.header("Authorization", "Bearer " + token())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("alias", alias, "name", name, "enabled", true))
			.retrieve()
			.toBodilessEntity(), "An organization named '" + name + "' or with the alias '" + alias + "' exists already.");
		return new Organization(id, alias, name);
	}

	@Override
	public String createMember(String organizationId, NewMember member) {
		String userId = created(() -> http.post()
			.uri(identity.adminRealmUrl() + "/users")
			.header("Authorization", "Bearer " + token())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", member.username(), "email", member.email(), "firstName", member.firstName(),
					"lastName", member.lastName(), "enabled", true, "credentials",
					List.of(Map.of("type", "password", "value", member.temporaryPassword(), "temporary", true))))
			.retrieve()
			.toBodilessEntity(), "A user with the username '" + member.username() + "' or the e-mail '" + member.email()
					+ "' exists already.");
		try {
			http.post()
				.uri(identity.adminRealmUrl() + "/organizations/" + organizationId + "/members")
				.header("Authorization", "Bearer " + token())
				.contentType(MediaType.APPLICATION_JSON)
				.body("\"" + userId + "\"")
				.retrieve()
				.toBodilessEntity();
			grantRealmRole(userId, member.role());
			return userId;
		}
		catch (RuntimeException e) {
			deleteUser(userId);
			throw e;
		}
	}

	/**
	 * Grants a user (or a client's service account) a realm role. Looking the role up by name would need
	 * {@code view-realm}; the user's available roles carry it.
	 */
	void grantRealmRole(String userId, String role) {
		List<Map<String, Object>> available = http.get()
			.uri(identity.adminRealmUrl() + "/users/{user}/role-mappings/realm/available", userId)
			.header("Authorization", "Bearer " + token())
			.retrieve()
			.body(new org.springframework.core.ParameterizedTypeReference<>() {
			});
		Map<String, Object> granted = (available == null ? List.<Map<String, Object>>of() : available).stream()
			.filter(r -> role.equals(r.get("name")))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Keycloak has no realm role '" + role + "' the user could get"));
		http.post()
			.uri(identity.adminRealmUrl() + "/users/{user}/role-mappings/realm", userId)
			.header("Authorization", "Bearer " + token())
			.contentType(MediaType.APPLICATION_JSON)
			.body(List.of(granted))
			.retrieve()
			.toBodilessEntity();
	}

	@Override
	public void deleteUser(String userId) {
		deleteQuietly("/users/" + userId);
	}

	@Override
	public void delete(String organizationId) {
		deleteQuietly("/organizations/" + organizationId);
	}

	void deleteQuietly(String path) {
		try {
			http.delete().uri(identity.adminRealmUrl() + path).header("Authorization", "Bearer " + token()).retrieve().toBodilessEntity();
		}
		catch (HttpClientErrorException.NotFound e) {
			// gone already: what the caller wanted
		}
	}

	/** The id at the end of the Location of a 201; a 409 becomes a conflict problem saying {@code conflict}. */
	static String created(java.util.function.Supplier<ResponseEntity<Void>> request, String conflict) {
		ResponseEntity<Void> answer;
		try {
			answer = request.get();
		}
		catch (HttpClientErrorException e) {
			if (e.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)) {
				throw new CirrusException(Problems.CONFLICT, conflict);
			}
			if (e.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
				// Keycloak's own checks (its user profile) beyond Cirrus's: say what it answered, not a 500.
				throw new CirrusException(Problems.VALIDATION, "Keycloak refused it: " + reason(e) + ".");
			}
			throw e;
		}
		catch (org.springframework.web.client.ResourceAccessException e) {
			throw new CirrusException(Problems.UNAVAILABLE, "Keycloak could not be reached; try again later.");
		}
		java.net.URI location = answer.getHeaders().getLocation();
		if (location == null) {
			throw new IllegalStateException("Keycloak created something without saying where");
		}
		String path = location.getPath();
		return path.substring(path.lastIndexOf('/') + 1);
	}

	private static String reason(HttpClientErrorException e) {
		try {
			Map<?, ?> body = e.getResponseBodyAs(Map.class);
			Object why = body == null ? null : body.get("errorMessage") != null ? body.get("errorMessage") : body.get("error");
			return why == null ? e.getStatusText() : String.valueOf(why);
		}
		catch (RuntimeException unreadable) {
			return e.getStatusText();
		}
	}

	private java.util.Set<String> roles(String userId) {
		List<Map<String, Object>> mappings = http.get()
			.uri(identity.adminRealmUrl() + "/users/" + userId + "/role-mappings/realm")
			.header("Authorization", "Bearer " + token())
			.retrieve()
			.body(new org.springframework.core.ParameterizedTypeReference<>() {
			});
		java.util.Set<String> roles = new java.util.HashSet<>();
		if (mappings != null) {
			mappings.stream().map(m -> String.valueOf(m.get("name"))).filter(Roles.ALL::contains).forEach(roles::add);
		}
		return roles;
	}

	/** The admin service account's token, reused until shortly before it expires. */
	synchronized String token() {
		if (token != null && clock.instant().isBefore(tokenExpires)) {
			return token;
		}
		var form = new LinkedMultiValueMap<String, String>();
		form.add("grant_type", "client_credentials");
		form.add("client_id", identity.admin().clientId());
		form.add("client_secret", identity.admin().clientSecret());
		Map<?, ?> answer = http.post()
			.uri(identity.internalRealmUrl() + "/protocol/openid-connect/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.body(Map.class);
		if (answer == null || !(answer.get("access_token") instanceof String accessToken)) {
			throw new IllegalStateException("Keycloak gave no token to the admin client");
		}
		long lifetime = answer.get("expires_in") instanceof Number seconds ? seconds.longValue() : 60;
		token = accessToken;
		tokenExpires = clock.instant().plusSeconds(Math.max(5, lifetime - 30));
		return accessToken;
	}
}
