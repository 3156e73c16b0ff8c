package io.cirrus.tenant;

import java.time.Instant;

import io.cirrus.shared.TenantId;

/**
 * A platform admin suspended a tenant; published on the instance that made the change, after it committed and after
 * this instance's {@link TenantSuspensions} knows it. Listeners end what the tenant holds open here (MQTT sessions);
 * other instances learn the suspension from the database within the refresh interval (docs/adr/0035).
 *
 * @param tenant the tenant
 * @param alias  its alias
 * @param reason why, as its users and devices are told
 * @param by     the platform admin's username
 * @param at     when
 */
public record TenantSuspended(TenantId tenant, String alias, String reason, String by, Instant at) {
}
