package io.cirrus.tenant;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantId;

/**
 * A tenant of the platform.
 *
 * @param id                 the tenant's id in Cirrus
 * @param alias              the Keycloak organization alias (what tokens carry in their {@code organization} claim)
 * @param name               the organization's name
 * @param keycloakOrgId      the Keycloak organization id, once known
 * @param createdAt          when Cirrus first saw the tenant
 * @param suspendedAt        when a platform admin suspended it; null while it is not suspended
 * @param suspendedReason    why, as its users and devices are told; null while it is not suspended
 */
public record Tenant(TenantId id, String alias, String name, @Nullable String keycloakOrgId, Instant createdAt,
		@Nullable Instant suspendedAt, @Nullable String suspendedReason) {

	/** Whether the tenant is suspended. */
	public boolean suspended() {
		return suspendedAt != null;
	}

	/**
	 * Its Keycloak organization, for changes made there (users, API clients). A tenant not bound yet (made while
	 * Keycloak did not answer) is a conflict that says what to do, not an error.
	 */
	public OrganizationDirectory.Organization organization() {
		if (keycloakOrgId == null) {
			throw new CirrusException(Problems.CONFLICT, "The tenant is not bound to its organization in Keycloak yet; "
					+ "a member's next sign-in binds it. Try again after that.");
		}
		return new OrganizationDirectory.Organization(keycloakOrgId, alias, name);
	}
}
