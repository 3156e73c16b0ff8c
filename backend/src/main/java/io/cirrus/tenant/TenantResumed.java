package io.cirrus.tenant;

import java.time.Instant;

import io.cirrus.shared.TenantId;

/**
 * A platform admin resumed a suspended tenant; published like {@link TenantSuspended}.
 *
 * @param tenant the tenant
 * @param alias  its alias
 * @param by     the platform admin's username
 * @param at     when
 */
public record TenantResumed(TenantId tenant, String alias, String by, Instant at) {
}
