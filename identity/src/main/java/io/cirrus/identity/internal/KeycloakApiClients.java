package io.cirrus.identity.internal;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.cirrus.identity.IdentityProperties;
import io.cirrus.tenant.ApiClientDirectory;
import io.cirrus.tenant.OrganizationDirectory;
import tools.jackson.databind.json.JsonMapper;

/**
 * API clients as confidential Keycloak clients with a service account (admin REST API, {@code cirrus-admin} with
 * realm-management {@code manage-clients}). The service account is no member of the organization: the client's own
 * mappers put the organization's alias and id into its tokens as a member's token has them, the {@code cirrus-api}
 * audience, and the one realm role its service account is granted. No browser flow, no password grant.
 */
@Component
class KeycloakApiClients implements ApiClientDirectory {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KeycloakOrganizations admin;

	private final IdentityProperties identity;

	private final RestClient http;

	KeycloakApiClients(KeycloakOrganizations admin, IdentityProperties identity, RestClient.Builder http) {
		this.admin = admin;
		this.identity = identity;
		this.http = http.build();
	}

	@Override
	public Created create(String clientId, String name, OrganizationDirectory.Organization organization, String role) {
		Map<String, Object> client = Map.ofEntries(Map.entry("clientId", clientId), Map.entry("name", name),
				Map.entry("description", "Cirrus API client of tenant " + organization.alias() + " (" + role + ")"),
				Map.entry("enabled", true), Map.entry("protocol", "openid-connect"), Map.entry("publicClient", false),
				Map.entry("clientAuthenticatorType", "client-secret"), Map.entry("serviceAccountsEnabled", true),
				Map.entry("standardFlowEnabled", false), Map.entry("implicitFlowEnabled", false),
				Map.entry("directAccessGrantsEnabled", false), Map.entry("frontchannelLogout", false),
				Map.entry("defaultClientScopes", List.of("acr", "basic", "roles")),
				Map.entry("optionalClientScopes", List.of()),
				Map.entry("protocolMappers", List.of(audience(),
						claim("organization", JSON.writeValueAsString(List.of(organization.alias()))),
						claim(TokenClaims.ORGANIZATION_IDS,
								JSON.writeValueAsString(Map.of(organization.alias(), Map.of("id", organization.id())))))));
		String id = KeycloakOrganizations.created(() -> http.post()
			.uri(identity.adminRealmUrl() + "/clients")
			.header("Authorization", "Bearer " + admin.token())
			.contentType(MediaType.APPLICATION_JSON)
			.body(client)
			.retrieve()
			.toBodilessEntity(), "A client with the id '" + clientId + "' exists already; try again.");
		try {
			Map<String, Object> account = get("/clients/" + id + "/service-account-user");
			String userId = String.valueOf(account.get("id"));
			admin.grantRealmRole(userId, role);
			return new Created(id, String.valueOf(get("/clients/" + id + "/client-secret").get("value")));
		}
		catch (RuntimeException e) {
			delete(id);
			throw e;
		}
	}

	@Override
	public String rotateSecret(String providerId) {
		Map<?, ?> secret = http.post()
			.uri(identity.adminRealmUrl() + "/clients/" + providerId + "/client-secret")
			.header("Authorization", "Bearer " + admin.token())
			.retrieve()
			.body(Map.class);
		if (secret == null || !(secret.get("value") instanceof String value)) {
			throw new IllegalStateException("Keycloak made no new secret for client " + providerId);
		}
		return value;
	}

	@Override
	public void delete(String providerId) {
		admin.deleteQuietly("/clients/" + providerId);
	}

	@Override
	public String tokenUrl() {
		return identity.issuer() + "/protocol/openid-connect/token";
	}

	private Map<String, Object> get(String path) {
		Map<String, Object> body = http.get()
			.uri(identity.adminRealmUrl() + path)
			.header("Authorization", "Bearer " + admin.token())
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		if (body == null) {
			throw new IllegalStateException("Keycloak answered nothing for " + path);
		}
		return body;
	}

	private static Map<String, Object> audience() {
		return Map.of("name", "cirrus-api audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
				"config", Map.of("included.custom.audience", "cirrus-api", "access.token.claim", "true",
						"introspection.token.claim", "true", "id.token.claim", "false"));
	}

	private static Map<String, Object> claim(String name, String json) {
		return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
				"config", Map.of("claim.name", name, "claim.value", json, "jsonType.label", "JSON",
						"access.token.claim", "true", "introspection.token.claim", "true", "id.token.claim", "false",
						"userinfo.token.claim", "false"));
	}
}
