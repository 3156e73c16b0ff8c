package io.cirrus.tenant;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's own settings, as the tenant admin edits them.
 *
 * @param displayName  how the tenant is named across the portal and in notifications
 * @param contactEmail where the platform writes about the tenant's account, if set
 * @param timeZone     IANA time zone for schedules and charts
 * @param updatedAt    last change, or {@code null} while the defaults apply
 * @param updatedBy    who made the last change
 */
public record TenantSettings(String displayName, @Nullable String contactEmail, String timeZone,
		@Nullable Instant updatedAt, @Nullable String updatedBy) {
}
