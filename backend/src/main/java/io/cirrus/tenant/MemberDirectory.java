package io.cirrus.tenant;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The identity provider's side of a tenant's users: its organization's members, their realm roles, enabled or not.
 * Implemented by the identity module on Keycloak's admin API. New members are made with
 * {@link OrganizationDirectory#createMember}.
 */
public interface MemberDirectory {

	/** Every member of the organization (disabled ones too), by username. */
	List<Member> members(String organizationId);

	/** The member with this id, if they are a member of the organization. */
	Optional<Member> member(String organizationId, String userId);

	/** Gives the user this Cirrus role instead of the Cirrus roles they had (other realm roles stay). */
	void setRole(String userId, String role);

	/** Enables or disables the user; disabling also ends their sessions in the identity provider. */
	void setEnabled(String userId, boolean enabled);

	/** Removes the user from the organization and deletes their account (a member is a person of one tenant). */
	void remove(String organizationId, String userId);

	/** A member as the identity provider knows them; {@code roles} are the Cirrus roles only. */
	record Member(String id, String username, @Nullable String email, @Nullable String firstName, @Nullable String lastName,
			boolean enabled, Set<String> roles) {
	}
}
