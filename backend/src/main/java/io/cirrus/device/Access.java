package io.cirrus.device;

import io.cirrus.shared.Roles;

/** Who may do what with devices: tenant admins and developers manage, viewers read. */
final class Access {

	static final String MANAGERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "')";

	static final String READERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "','" + Roles.VIEWER + "')";

	private Access() {
	}
}
