package io.cirrus.tenant;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A machine that calls the API as one of its tenant's roles, with the OAuth2 client-credentials grant.
 *
 * @param id              its id in Cirrus
 * @param clientId        the {@code client_id} it asks Keycloak for tokens with
 * @param name            what the tenant calls it
 * @param role            the role its tokens carry: tenant-admin, developer or viewer
 * @param createdBy       who created it
 * @param createdAt       when
 * @param secretRotatedAt when its secret was last replaced, if ever
 */
public record ApiClient(UUID id, String clientId, String name, String role, String createdBy, Instant createdAt,
		@Nullable Instant secretRotatedAt) {
}
