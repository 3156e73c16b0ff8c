package io.cirrus.health;

import java.util.Optional;

import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Whose health a caller sees: their tenant's, or, for a platform admin outside any tenant, the platform's. Anyone
 * else without a tenant sees nothing.
 */
final class HealthScope {

	private HealthScope() {
	}

	/** The caller's tenant, or empty for a platform admin acting for the platform. */
	static Optional<TenantId> current() {
		Optional<TenantId> tenant = TenantContext.current();
		if (tenant.isPresent()) {
			return tenant;
		}
		if (TenantContext.currentUser().map(u -> u.hasRole(Roles.PLATFORM_ADMIN)).orElse(false)) {
			return Optional.empty();
		}
		throw new TenantContext.NoTenantException();
	}

	static String username() {
		return TenantContext.currentUser().map(CirrusUser::username).orElse("system");
	}
}
