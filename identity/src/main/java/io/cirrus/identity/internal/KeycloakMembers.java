package io.cirrus.identity.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import io.cirrus.identity.IdentityProperties;
import io.cirrus.shared.Roles;
import io.cirrus.tenant.MemberDirectory;

/**
 * A tenant's users as its Keycloak organization's members (admin REST API, {@code cirrus-admin}: realm-management
 * {@code manage-users} and {@code manage-organizations}). Realm roles are read and changed per user through
 * {@code /users/{id}/role-mappings/realm} and its {@code available} list (by name would need {@code view-realm}).
 */
@Component
class KeycloakMembers implements MemberDirectory {

	private static final int PAGE = 500;

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private final KeycloakOrganizations admin;

	private final IdentityProperties identity;

	private final RestClient http;

	KeycloakMembers(KeycloakOrganizations admin, IdentityProperties identity, RestClient.Builder http) {
		this.admin = admin;
		this.identity = identity;
		this.http = http.build();
	}

	@Override
	public List<Member> members(String organizationId) {
		List<Member> members = new ArrayList<>();
		for (int first = 0;; first += PAGE) {
			List<Map<String, Object>> page = list("/organizations/" + organizationId + "/members?first=" + first + "&max=" + PAGE);
			page.forEach(user -> members.add(member(user)));
			if (page.size() < PAGE) {
				break;
			}
		}
		members.sort(java.util.Comparator.comparing(Member::username));
		return members;
	}

	@Override
	public Optional<Member> member(String organizationId, String userId) {
		try {
			Map<String, Object> user = http.get()
				.uri(identity.adminRealmUrl() + "/organizations/{org}/members/{user}", organizationId, userId)
				.header("Authorization", "Bearer " + admin.token())
				.retrieve()
				.body(new ParameterizedTypeReference<Map<String, Object>>() {
				});
			return Optional.ofNullable(user).map(this::member);
		}
		catch (HttpClientErrorException.NotFound | HttpClientErrorException.BadRequest e) {
			return Optional.empty(); // no such user, or not a member of this organization
		}
	}

	@Override
	public void setRole(String userId, String role) {
		List<Map<String, Object>> current = list("/users/" + userId + "/role-mappings/realm");
		List<Map<String, Object>> taken = current.stream()
			.filter(r -> Roles.TENANT_ROLES.contains(String.valueOf(r.get("name"))) && !role.equals(r.get("name")))
			.toList();
		if (!taken.isEmpty()) {
			http.method(HttpMethod.DELETE)
				.uri(identity.adminRealmUrl() + "/users/{user}/role-mappings/realm", userId)
				.header("Authorization", "Bearer " + admin.token())
				.contentType(MediaType.APPLICATION_JSON)
				.body(taken)
				.retrieve()
				.toBodilessEntity();
		}
		if (current.stream().noneMatch(r -> role.equals(r.get("name")))) {
			admin.grantRealmRole(userId, role);
		}
	}

	@Override
	public void setEnabled(String userId, boolean enabled) {
		http.put()
			.uri(identity.adminRealmUrl() + "/users/{user}", userId)
			.header("Authorization", "Bearer " + admin.token())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("enabled", enabled))
			.retrieve()
			.toBodilessEntity();
		if (!enabled) {
			http.post()
				.uri(identity.adminRealmUrl() + "/users/{user}/logout", userId)
				.header("Authorization", "Bearer " + admin.token())
				.retrieve()
				.toBodilessEntity();
		}
	}

	@Override
	public void remove(String organizationId, String userId) {
		admin.deleteQuietly("/organizations/" + organizationId + "/members/" + userId);
		admin.deleteQuietly("/users/" + userId);
	}

	private Member member(Map<String, Object> user) {
		String id = String.valueOf(user.get("id"));
		Set<String> roles = new HashSet<>();
		list("/users/" + id + "/role-mappings/realm").stream()
			.map(r -> String.valueOf(r.get("name")))
			.filter(Roles.ALL::contains)
			.forEach(roles::add);
		return new Member(id, String.valueOf(user.get("username")), (String) user.get("email"), (String) user.get("firstName"),
				(String) user.get("lastName"), !Boolean.FALSE.equals(user.get("enabled")), Set.copyOf(roles));
	}

	private List<Map<String, Object>> list(String path) {
		List<Map<String, Object>> body = http.get()
			.uri(identity.adminRealmUrl() + path)
			.header("Authorization", "Bearer " + admin.token())
			.retrieve()
			.body(LIST);
		return body == null ? List.of() : body;
	}
}
