package io.cirrus.tenant;

/**
 * The identity provider's side of API clients: confidential clients whose service account acts for one tenant with
 * one role. Implemented by the identity module on Keycloak's admin API.
 */
public interface ApiClientDirectory {

	/**
	 * Creates a client whose tokens name the tenant's organization (alias and id) and carry the role.
	 *
	 * @return its id in the identity provider and its first secret
	 */
	Created create(String clientId, String name, OrganizationDirectory.Organization organization, String role);

	/** A new secret for the client; the old one stops working at once. */
	String rotateSecret(String providerId);

	/** Removes the client; its tokens are refused from then on. Gone already is fine. */
	void delete(String providerId);

	/** Where a client gets its tokens (the public token endpoint). */
	String tokenUrl();

	/** A client made in the identity provider. */
	record Created(String providerId, String secret) {

		@Override
		public String toString() {
			return "Created[" + providerId + "]";
		}
	}
}
