package io.cirrus.tenant;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.tenant.internal.ApiClientStore;
import io.cirrus.tenant.internal.TenantStore;

/**
 * A tenant admin's API clients: machines that call the API with one of the tenant's roles (never platform-admin),
 * through the client-credentials grant of a confidential client in Keycloak. The secret is shown once, when the
 * client is made or its secret replaced, and kept only by Keycloak. Another tenant's client answers 404.
 */
@Service
public class ApiClients {

	private static final Logger log = LoggerFactory.getLogger(ApiClients.class);

	private static final String SUFFIX_CHARACTERS = "abcdefghijkmnpqrstuvwxyz23456789";

	private final ApiClientStore store;

	private final TenantStore tenants;

	private final ApiClientDirectory directory;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiClients(ApiClientStore store, TenantStore tenants, ApiClientDirectory directory, Clock clock) {
		this.store = store;
		this.tenants = tenants;
		this.directory = directory;
		this.clock = clock;
	}

	/** What to make: a name people recognise, and the role its tokens carry. */
	public record Request(@Nullable String name, @Nullable String role) {
	}

	/** A client with its secret, which is shown this once. */
	public record Issued(ApiClient client, String secret) {

		@Override
		public String toString() {
			return "Issued[" + client.clientId() + "]";
		}
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public Issued create(Request request) {
		TenantId tenantId = TenantContext.require();
		String name = request.name() == null ? "" : request.name().strip();
		if (name.isEmpty() || name.length() > 100) {
			throw CirrusException.invalidField("name", "is required (at most 100 characters)");
		}
		String role = request.role() == null ? "" : request.role().strip();
		if (!Roles.TENANT_ROLES.contains(role)) {
			throw CirrusException.invalidField("role", "must be one of " + String.join(", ", Roles.TENANT_ROLES)
					+ " (an API client acts inside its tenant, never as a platform admin)");
		}
		Tenant tenant = tenants.findById(tenantId).orElseThrow(() -> new NotFoundException("Tenant", tenantId));
		OrganizationDirectory.Organization organization = tenant.organization();
		String clientId = tenant.alias() + "-" + slug(name) + "-" + suffix();
		ApiClientDirectory.Created created = directory.create(clientId, name, organization, role);
		try {
			ApiClient client = store.insert(tenantId, new ApiClient(UUID.randomUUID(), clientId, name, role, by(),
					clock.instant(), null), created.providerId());
			log.info("API client {} ({}) of tenant {} created by {}", clientId, role, tenant.alias(), client.createdBy());
			return new Issued(client, created.secret());
		}
		catch (RuntimeException e) {
			directory.delete(created.providerId());
			throw e;
		}
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public List<ApiClient> list() {
		return store.list(TenantContext.require());
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public ApiClient get(UUID id) {
		return stored(id).client();
	}

	/** Replaces the secret: the old one stops working at once. */
	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public Issued rotateSecret(UUID id) {
		ApiClientStore.Stored stored = stored(id);
		String secret = directory.rotateSecret(stored.providerId());
		ApiClient client = store.rotated(TenantContext.require(), id, by(), clock.instant());
		log.info("API client {} got a new secret from {}", client.clientId(), by());
		return new Issued(client, secret);
	}

	/** Removes the client in Keycloak and here: its tokens are refused from then on. */
	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	public void delete(UUID id) {
		ApiClientStore.Stored stored = stored(id);
		directory.delete(stored.providerId());
		store.delete(TenantContext.require(), id);
		log.info("API client {} deleted by {}", stored.client().clientId(), by());
	}

	/** Where API clients get their tokens. */
	public String tokenUrl() {
		return directory.tokenUrl();
	}

	private ApiClientStore.Stored stored(UUID id) {
		return store.find(TenantContext.require(), id).orElseThrow(() -> new NotFoundException("API client", id));
	}

	private static String by() {
		return TenantContext.currentUser().map(u -> u.username()).orElse("system");
	}

	/** The name in client-id form: lower-case letters, digits and single hyphens, at most 30. */
	static String slug(String name) {
		String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (slug.length() > 30) {
			slug = slug.substring(0, 30).replaceAll("-+$", "");
		}
		return slug.isEmpty() ? "client" : slug;
	}

	private String suffix() {
		StringBuilder suffix = new StringBuilder();
		for (int i = 0; i < 6; i++) {
			suffix.append(SUFFIX_CHARACTERS.charAt(random.nextInt(SUFFIX_CHARACTERS.length())));
		}
		return suffix.toString();
	}
}
