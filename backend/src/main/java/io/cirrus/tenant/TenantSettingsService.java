package io.cirrus.tenant;

import java.time.Clock;
import java.util.Objects;

import jakarta.validation.Valid;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.tenant.internal.TenantSettingsEntity;
import io.cirrus.tenant.internal.TenantSettingsRepository;
import io.cirrus.tenant.internal.TenantStore;

/**
 * Reading and changing the settings of the caller's tenant. Every member may read them; only a tenant admin may
 * change them. Until the first change, defaults derived from the tenant apply.
 */
@Service
@Validated
public class TenantSettingsService {

	static final String DEFAULT_TIME_ZONE = "UTC";

	private final TenantSettingsRepository settings;

	private final TenantStore tenants;

	private final Clock clock;

	TenantSettingsService(TenantSettingsRepository settings, TenantStore tenants, Clock clock) {
		this.settings = settings;
		this.tenants = tenants;
		this.clock = clock;
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public TenantSettings current() {
		TenantId tenant = TenantContext.require();
		return settings.findByTenantId(tenant.value())
			.map(TenantSettingsEntity::toSettings)
			.orElseGet(() -> defaults(tenant));
	}

	@PreAuthorize("hasRole('" + Roles.TENANT_ADMIN + "')")
	@Transactional
	public TenantSettings update(@Valid TenantSettingsUpdate update) {
		TenantId tenant = TenantContext.require();
		String by = TenantContext.currentUser().map(u -> u.username()).orElse("system");
		TenantSettingsEntity entity = settings.findByTenantId(tenant.value())
			.orElseGet(() -> TenantSettingsEntity.create(tenant.value()));
		entity.change(Objects.requireNonNull(update.displayName()).strip(), blankToNull(update.contactEmail()),
				Objects.requireNonNull(update.timeZone()).strip(), by, clock.instant());
		return settings.save(entity).toSettings();
	}

	private TenantSettings defaults(TenantId tenant) {
		Tenant row = tenants.findById(tenant).orElseThrow(() -> new NotFoundException("Tenant", tenant));
		return new TenantSettings(row.name(), null, DEFAULT_TIME_ZONE, null, null);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
