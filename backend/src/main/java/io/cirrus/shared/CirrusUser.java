package io.cirrus.shared;

import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The signed-in person as Cirrus sees them, built from a Keycloak token by the identity module.
 *
 * @param subject     Keycloak user id ({@code sub})
 * @param username    {@code preferred_username}
 * @param displayName full name, or the username when the token has none
 * @param email       e-mail address, if the token carries one
 * @param tenant      the tenant the user acts for; empty for a platform admin outside any organization
 * @param roles       Cirrus realm roles (see {@link Roles})
 */
public record CirrusUser(String subject, String username, String displayName, @Nullable String email,
		@Nullable TenantRef tenant, Set<String> roles) implements Serializable {

	public CirrusUser {
		roles = Set.copyOf(roles);
	}

	public boolean hasRole(String role) {
		return roles.contains(role);
	}

	public Optional<TenantRef> tenantRef() {
		return Optional.ofNullable(tenant);
	}

	/** A tenant as a user's token names it: its id in Cirrus and its Keycloak organization alias. */
	public record TenantRef(TenantId id, String alias, String name) implements Serializable {
	}

	/** Implemented by authentication objects (API and portal) that carry a {@link CirrusUser}. */
	public interface Holder {

		CirrusUser cirrusUser();
	}
}
