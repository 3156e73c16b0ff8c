package io.cirrus.notification;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Where user recipients come from: the members of a tenant's organization with their realm roles. Implemented by
 * the identity module on Keycloak's admin API; the notification module copies the answer into its recipient
 * registry (see {@link RecipientRegistry}).
 */
public interface UserDirectory {

	/** Every member of the organization with this alias. */
	List<DirectoryUser> members(String organizationAlias);

	/** A member as the identity provider describes them. */
	record DirectoryUser(String id, String username, @Nullable String email, Set<String> roles) {
	}
}
