package io.cirrus.health;

import java.util.List;

import io.cirrus.shared.TenantId;

/**
 * SPI: the health of a tenant's deployed apps (running, paused or stopped apps are left out), for the tenant's
 * dashboard, read with the tenant bound. The apps module offers one as a bean; health does not depend on it.
 */
public interface AppHealthSource {

	/** The tenant's running and paused apps, by name. */
	List<AppHealth> apps(TenantId tenant);
}
