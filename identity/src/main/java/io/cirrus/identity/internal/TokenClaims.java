package io.cirrus.identity.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Roles;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;

/**
 * Reads a verified Keycloak token: realm roles from {@code realm_access.roles}, the tenant from the
 * {@code organization} claim (a list of organization aliases, or a map keyed by alias when the mapper adds ids), bound
 * to the organization's id from {@code organization_ids} (see {@link TenantDirectory#resolve}).
 * Only Cirrus roles become authorities; a token naming several organizations acts for none (the API then asks the
 * caller to use a single-organization account).
 */
@Component
class TokenClaims {

	/** The claim the realm's clients put each organization's id in, keyed by alias. */
	static final String ORGANIZATION_IDS = "organization_ids";

	private final TenantDirectory tenants;

	TokenClaims(TenantDirectory tenants) {
		this.tenants = tenants;
	}

	CirrusUser user(Map<String, Object> claims) {
		String subject = String.valueOf(claims.get("sub"));
		String username = string(claims, "preferred_username", subject);
		String name = string(claims, "name", username);
		String email = (String) claims.get("email");
		return new CirrusUser(subject, username, name, email, tenant(claims), roles(claims));
	}

	static Collection<GrantedAuthority> authorities(CirrusUser user) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		user.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority(Roles.authority(role))));
		return authorities;
	}

	private CirrusUser.@Nullable TenantRef tenant(Map<String, Object> claims) {
		List<String> aliases = organizations(claims.get("organization"));
		if (aliases.size() != 1) {
			return null;
		}
		String alias = aliases.getFirst();
		Tenant tenant = tenants.resolve(alias, organizationId(claims, alias));
		return new CirrusUser.TenantRef(tenant.id(), tenant.alias(), tenant.name());
	}

	static List<String> organizations(@Nullable Object claim) {
		if (claim instanceof Collection<?> list) {
			return list.stream().map(String::valueOf).distinct().toList();
		}
		if (claim instanceof Map<?, ?> map) {
			return map.keySet().stream().map(String::valueOf).toList();
		}
		if (claim instanceof String single && !single.isBlank()) {
			return List.of(single);
		}
		return List.of();
	}

	/**
	 * The id of the organization with this alias: from the {@code organization_ids} claim (the realm's clients map it
	 * as alias to {@code {id}}), or from the {@code organization} claim when that one carries ids.
	 */
	static @Nullable String organizationId(Map<String, Object> claims, String alias) {
		for (String claim : List.of(ORGANIZATION_IDS, "organization")) {
			if (claims.get(claim) instanceof Map<?, ?> map && map.get(alias) instanceof Map<?, ?> organization
					&& organization.get("id") instanceof String id && !id.isBlank()) {
				return id;
			}
		}
		return null;
	}

	static Set<String> roles(Map<String, Object> claims) {
		Set<String> roles = new HashSet<>();
		if (claims.get("realm_access") instanceof Map<?, ?> realmAccess
				&& realmAccess.get("roles") instanceof Collection<?> granted) {
			granted.stream()
				.map(String::valueOf)
				.filter(role -> Roles.ALL.contains(role) || Roles.METRICS_READER.equals(role))
				.forEach(roles::add);
		}
		return roles;
	}

	private static String string(Map<String, Object> claims, String name, String fallback) {
		Object value = claims.get(name);
		return value instanceof String text && !text.isBlank() ? text : fallback;
	}
}
