package io.cirrus.tenant;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.TenantId;

/**
 * A tenant of the platform.
 *
 * @param id                 the tenant's id in Cirrus
 * @param alias              the Keycloak organization alias (what tokens carry in their {@code organization} claim)
 * @param name               the organization's name
 * @param keycloakOrgId      the Keycloak organization id, once known
 * @param createdAt          when Cirrus first saw the tenant
 */
public record Tenant(TenantId id, String alias, String name, @Nullable String keycloakOrgId, Instant createdAt) {
}
