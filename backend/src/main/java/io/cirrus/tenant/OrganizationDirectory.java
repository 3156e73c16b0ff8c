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

	/** An organization as the identity provider describes it. */
	record Organization(String id, String alias, String name) {
	}
}
