package io.cirrus.tenant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.tenant.internal.TenantStore;

/**
 * Onboarding a tenant (platform admins only): its organization in the identity provider, its first tenant admin with
 * a temporary password, and its row in Cirrus. A step that fails undoes the ones before it, so a failure never leaves
 * a half-made tenant.
 */
@Service
public class TenantOnboarding {

	private static final Logger log = LoggerFactory.getLogger(TenantOnboarding.class);

	private final TenantStore store;

	private final OrganizationDirectory organizations;

	TenantOnboarding(TenantStore store, OrganizationDirectory organizations) {
		this.store = store;
		this.organizations = organizations;
	}

	/** What to onboard: the tenant and its first admin (the username defaults to the e-mail address). */
	public record Request(@Nullable String name, @Nullable String alias, @Nullable String adminEmail,
			@Nullable String adminUsername, @Nullable String adminFirstName, @Nullable String adminLastName) {
	}

	/** The onboarded tenant and its admin's temporary password, which is shown once and stored nowhere. */
	public record Onboarded(Tenant tenant, String adminUserId, String adminUsername, String temporaryPassword) {

		@Override
		public String toString() {
			return "Onboarded[" + tenant.alias() + ", admin " + adminUsername + "]";
		}
	}

	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public Onboarded onboard(Request request) {
		String name = NewMembers.required("name", request.name(), 100);
		String alias = NewMembers.required("alias", request.alias(), 63);
		if (!TenantDirectory.ALIAS.matcher(alias).matches()) {
			throw CirrusException.invalidField("alias",
					"must be lower-case letters, digits and hyphens, starting with a letter or digit (at most 63)");
		}
		String email = NewMembers.email("adminEmail", request.adminEmail());
		String username = NewMembers.username("adminUsername", request.adminUsername(), email);
		String firstName = NewMembers.required("adminFirstName", request.adminFirstName(), 100);
		String lastName = NewMembers.required("adminLastName", request.adminLastName(), 100);
		if (store.findByAlias(alias).isPresent() || organizations.find(alias).isPresent()) {
			throw new CirrusException(Problems.CONFLICT, "A tenant with the alias '" + alias + "' exists already.");
		}

		OrganizationDirectory.Organization organization = organizations.create(alias, name);
		String userId = null;
		try {
			String password = NewMembers.temporaryPassword();
			userId = organizations.createMember(organization.id(),
					new OrganizationDirectory.NewMember(username, email, firstName, lastName, password, Roles.TENANT_ADMIN));
			Tenant tenant = store.create(alias, name, organization.id());
			log.info("Tenant '{}' ({}) onboarded with admin '{}'", alias, tenant.id(), username);
			return new Onboarded(tenant, userId, username, password);
		}
		catch (RuntimeException e) {
			undo(organization, userId);
			if (e instanceof DuplicateKeyException) {
				throw new CirrusException(Problems.CONFLICT, "A tenant with the alias '" + alias + "' exists already.");
			}
			throw e;
		}
	}

	private void undo(OrganizationDirectory.Organization organization, @Nullable String userId) {
		try {
			if (userId != null) {
				organizations.deleteUser(userId);
			}
			organizations.delete(organization.id());
		}
		catch (RuntimeException e) {
			log.error("Onboarding '{}' failed and could not be undone in the identity provider (organization {}, user {}): {}",
					organization.alias(), organization.id(), userId, e.getMessage());
		}
	}
}
