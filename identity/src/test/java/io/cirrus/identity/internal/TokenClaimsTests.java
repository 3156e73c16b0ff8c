package io.cirrus.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TokenClaimsTests {

	@Test
	void readsOrganizationAliasesInEveryShapeKeycloakEmits() {
		assertThat(TokenClaims.organizations(List.of("acme"))).containsExactly("acme");
		assertThat(TokenClaims.organizations(Map.of("acme", Map.of("id", "42")))).containsExactly("acme");
		assertThat(TokenClaims.organizations("acme")).containsExactly("acme");
		assertThat(TokenClaims.organizations(null)).isEmpty();
		assertThat(TokenClaims.organizations(List.of("acme", "acme"))).containsExactly("acme");
	}

	@Test
	void readsTheOrganizationsIdFromEitherClaimForItsAliasOnly() {
		assertThat(TokenClaims.organizationId(Map.of("organization", List.of("acme"),
				"organization_ids", Map.of("acme", Map.of("id", "42"))), "acme")).isEqualTo("42");
		assertThat(TokenClaims.organizationId(Map.of("organization", Map.of("acme", Map.of("id", "7"))), "acme")).isEqualTo("7");
		// Another organization's id, a blank id, an id that is not text, or no claim at all: none.
		assertThat(TokenClaims.organizationId(Map.of("organization_ids", Map.of("globex", Map.of("id", "9"))), "acme")).isNull();
		assertThat(TokenClaims.organizationId(Map.of("organization_ids", Map.of("acme", Map.of("id", " "))), "acme")).isNull();
		assertThat(TokenClaims.organizationId(Map.of("organization_ids", Map.of("acme", Map.of("id", 42))), "acme")).isNull();
		assertThat(TokenClaims.organizationId(Map.of("organization", List.of("acme")), "acme")).isNull();
	}

	@Test
	void keepsOnlyCirrusRealmRoles() {
		Map<String, Object> claims = Map.of("realm_access",
				Map.of("roles", List.of("viewer", "offline_access", "default-roles-cirrus", "uma_authorization")));
		assertThat(TokenClaims.roles(claims)).containsExactly("viewer");
	}

	@Test
	void aTokenWithoutRealmAccessHasNoRoles() {
		assertThat(TokenClaims.roles(Map.of("sub", "x"))).isEmpty();
		assertThat(TokenClaims.roles(Map.of("realm_access", "garbage"))).isEmpty();
	}
}
