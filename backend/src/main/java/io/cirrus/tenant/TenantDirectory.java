package io.cirrus.tenant;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.tenant.internal.TenantStore;

/**
 * Maps organizations to tenants, creating a tenant the first time one of its users signs in. Lookups are cached in
 * memory (tenants are few and never change their alias or organization); the cache key is the alias itself.
 */
@Service
public class TenantDirectory {

	private static final Logger log = LoggerFactory.getLogger(TenantDirectory.class);

	static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private final TenantStore store;

	private final OrganizationDirectory organizations;

	private final Map<String, Tenant> byAlias = new ConcurrentHashMap<>();

	TenantDirectory(TenantStore store, OrganizationDirectory organizations) {
		this.store = store;
		this.organizations = organizations;
	}

	/**
	 * The tenant for an organization of a verified token, created on first sight. A tenant is bound to its
	 * organization's id, not only its alias: a token of another organization with the same alias (one made after the
	 * first was deleted) is refused, so it never inherits the tenant's data. A tenant not bound yet (made while the
	 * identity provider did not answer) is bound by the first token that carries the id. The organization's name
	 * comes from the identity provider when it answers; a tenant is never refused because it is slow.
	 *
	 * @param organizationId the organization's id as the token carries it; null when the token has none
	 */
	public Tenant resolve(String alias, @Nullable String organizationId) {
		Tenant tenant = byAlias.get(alias);
		if (tenant == null) {
			if (!ALIAS.matcher(alias).matches()) {
				throw new CirrusException(Problems.FORBIDDEN, "The organization '" + alias + "' has an alias Cirrus cannot use as a tenant.");
			}
			tenant = store.findByAlias(alias).orElseGet(() -> create(alias, organizationId));
		}
		if (tenant.keycloakOrgId() == null && organizationId != null) {
			tenant = store.bind(tenant.id(), organizationId);
			log.info("Tenant '{}' ({}) is bound to organization {} now", alias, tenant.id(), organizationId);
		}
		byAlias.put(alias, tenant);
		if (tenant.keycloakOrgId() != null && !tenant.keycloakOrgId().equals(organizationId)) {
			throw new CirrusException(Problems.FORBIDDEN, organizationId == null
					? "Your sign-in does not say which organization '" + alias + "' it is (the identity provider's"
							+ " organization_ids claim is missing), so Cirrus cannot tell it from an earlier one with that alias."
					: "Your organization '" + alias + "' is not the one this Cirrus tenant belongs to: an organization of that"
							+ " name was deleted and made again, and a new organization never inherits an old tenant's data."
							+ " Ask a platform admin to onboard it under another alias.");
		}
		return tenant;
	}

	private Tenant create(String alias, @Nullable String organizationId) {
		Optional<OrganizationDirectory.Organization> organization = Optional.empty();
		try {
			organization = organizations.find(alias);
		}
		catch (RuntimeException e) {
			log.warn("Could not look up organization '{}' in the identity provider: {}", alias, e.getMessage());
		}
		String name = organization.map(OrganizationDirectory.Organization::name).orElse(alias);
		String orgId = organizationId != null ? organizationId : organization.map(OrganizationDirectory.Organization::id).orElse(null);
		Tenant tenant = store.createIfAbsent(alias, name, orgId);
		log.info("Tenant '{}' ({}) is known to Cirrus now", alias, tenant.id());
		return tenant;
	}

	/** Every tenant Cirrus knows, by name. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public List<Tenant> list() {
		return store.findAll();
	}

	/**
	 * Every tenant, for the platform's own loops (samplers, purges) that run without a signed-in user; screens and
	 * the API use {@link #list()}.
	 */
	public List<Tenant> allForPlatformTasks() {
		return store.findAll();
	}

	/** Organizations of the identity provider that have not signed in to Cirrus yet. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public List<OrganizationDirectory.Organization> pendingOrganizations() {
		var known = store.findAll().stream().map(Tenant::alias).toList();
		return organizations.list().stream().filter(o -> !known.contains(o.alias())).toList();
	}
}
