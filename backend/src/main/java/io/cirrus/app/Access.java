package io.cirrus.app;

import io.cirrus.shared.Roles;

/** Who may do what with apps: tenant admins and developers design them, viewers read them. */
final class Access {

	static final String MANAGERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "')";

	static final String READERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "','" + Roles.VIEWER + "')";

	private Access() {
	}
}
