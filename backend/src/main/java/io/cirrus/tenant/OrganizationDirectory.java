package io.cirrus.tenant;

import java.util.List;
import java.util.Optional;

/**
 * Where tenants come from: the identity provider's organizations. Implemented by the identity module on Keycloak's
 * admin API.
 */
public interface OrganizationDirectory {

	/** The organization with this alias, if the identity provider knows it. */
	Optional<Organization> find(String alias);

	/** All organizations the identity provider knows. */
	List<Organization> list();

	/**
	 * Creates an organization; a taken alias is a {@code CONFLICT} problem.
	 */
	Organization create(String alias, String name);

	/**
	 * Creates a user with a temporary password (the identity provider asks for a new one at the first sign-in), makes
	 * it a member of the organization and grants it a realm role. A taken username or e-mail is a {@code CONFLICT}
	 * problem. Leaves no user behind when a step fails.
	 *
	 * @return the new user's id
	 */
	String createMember(String organizationId, NewMember member);

	/** Deletes a user (a member or not); a missing user is not an error. */
	void deleteUser(String userId);

	/** Deletes an organization (not its members' accounts); a missing organization is not an error. */
	void delete(String organizationId);

	/** An organization as the identity provider describes it. */
	record Organization(String id, String alias, String name) {
	}

	/** A user to create in an organization, with the one realm role it gets. */
	record NewMember(String username, String email, String firstName, String lastName, String temporaryPassword,
			String role) {

		@Override
		public String toString() {
			return "NewMember[" + username + ", " + email + ", role " + role + "]";
		}
	}
}
