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
