package io.cirrus.notification;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Someone or something notifications can reach: a user (from the identity provider), a device (registered by the
 * device module) or an external endpoint registered through the API.
 *
 * @param id    {@code user:<keycloak id>}, {@code device:<device id>} or {@code ext:<name>}
 * @param kind  {@code user}, {@code device} or {@code external}
 * @param name  a display name (the username for users)
 * @param tags  free labels target expressions select on
 * @param roles Cirrus roles (users only)
 * @param email where the e-mail channel writes, if anywhere
 * @param phone where the SMS channel writes (E.164), if anywhere
 */
public record Recipient(String id, String kind, String name, Set<String> tags, Set<String> roles,
		@Nullable String email, @Nullable String phone) {

	public Recipient {
		tags = Set.copyOf(tags);
		roles = Set.copyOf(roles);
	}
}
