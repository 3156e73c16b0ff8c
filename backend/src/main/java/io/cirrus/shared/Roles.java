package io.cirrus.shared;

import java.util.List;

/**
 * The realm roles of Cirrus, as named in Keycloak, and their Spring Security authorities. The one place role
 * names are spelled.
 */
public final class Roles {

	public static final String PLATFORM_ADMIN = "platform-admin";
	public static final String TENANT_ADMIN = "tenant-admin";
	public static final String DEVELOPER = "developer";
	public static final String VIEWER = "viewer";

	/** Not a person's role: the Prometheus scraper's service account, which may read metrics and nothing else. */
	public static final String METRICS_READER = "metrics-reader";

	/** All Cirrus roles of people, from most to least privileged. */
	public static final List<String> ALL = List.of(PLATFORM_ADMIN, TENANT_ADMIN, DEVELOPER, VIEWER);

	/** The roles inside a tenant, which its admins hand out to users and API clients (never platform admin). */
	public static final List<String> TENANT_ROLES = List.of(TENANT_ADMIN, DEVELOPER, VIEWER);

	/** Spring Security's authority prefix for roles. */
	public static final String PREFIX = "ROLE_";

	private Roles() {
	}

	public static String authority(String role) {
		return PREFIX + role;
	}
}
