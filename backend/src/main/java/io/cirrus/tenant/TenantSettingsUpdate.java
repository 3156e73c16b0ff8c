package io.cirrus.tenant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * A change of a tenant's settings. The constraints are the contract of the API and of the portal form alike.
 */
public record TenantSettingsUpdate(
		@NotBlank(message = "must not be blank") @Size(max = 100, message = "must be at most 100 characters") @Nullable String displayName,
		@Email(message = "must be a valid e-mail address") @Size(max = 254, message = "must be at most 254 characters") @Nullable String contactEmail,
		@NotBlank(message = "must not be blank") @TimeZoneId @Nullable String timeZone) {
}
