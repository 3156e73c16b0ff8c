package io.cirrus.dashboard;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.dashboard.internal.DashboardStore;
import io.cirrus.dashboard.internal.DashboardValidator;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * The caller's tenant's dashboards. Tenant admins open and edit every one; developers open (and edit) those they
 * made or that are shared with developers; viewers open those shared with viewers and edit none. A dashboard the
 * caller may not open is not found, like another tenant's.
 */
@Service
public class Dashboards {

	static final String MANAGERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "')";

	static final String READERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "','" + Roles.VIEWER + "')";

	private final DashboardStore store;

	private final DashboardValidator validator;

	Dashboards(DashboardStore store, DashboardValidator validator) {
		this.store = store;
		this.validator = validator;
	}

	/** The dashboards the caller may open, by name. */
	@PreAuthorize(READERS)
	@Transactional(readOnly = true)
	public List<Dashboard> list() {
		CirrusUser user = user();
		return store.list(TenantContext.require()).stream().filter(row -> opens(user, row)).map(row -> view(user, row)).toList();
	}

	@PreAuthorize(READERS)
	@Transactional(readOnly = true)
	public Dashboard get(UUID id) {
		CirrusUser user = user();
		return view(user, openable(user, store.find(TenantContext.require(), id, false).orElse(null), id));
	}

	/**
	 * Checks a dashboard without saving it and answers its widgets as they would be stored (ids and defaults filled
	 * in); a problem raises the same 400 a save would, naming the field.
	 */
	@PreAuthorize(MANAGERS)
	@Transactional(readOnly = true)
	public List<Widget> check(DashboardRequest request) {
		return validator.check(request).widgets();
	}

	@PreAuthorize(MANAGERS)
	@Transactional
	public Dashboard create(DashboardRequest request) {
		TenantId tenant = TenantContext.require();
		DashboardValidator.Checked checked = validator.check(request);
		if (store.findByName(tenant, checked.name()).isPresent()) {
			throw nameTaken(checked.name());
		}
		UUID id = UUID.randomUUID();
		store.insert(tenant, id, checked, user().username());
		return get(id);
	}

	/** Saves the dashboard as sent; {@code base}, when given, must still be its version (or someone saved meanwhile). */
	@PreAuthorize(MANAGERS)
	@Transactional
	public Dashboard update(UUID id, DashboardRequest request, @Nullable Integer base) {
		TenantId tenant = TenantContext.require();
		CirrusUser user = user();
		DashboardStore.Row row = openable(user, store.find(tenant, id, true).orElse(null), id);
		if (base != null && base != row.version()) {
			throw new CirrusException(Problems.CONFLICT, "Someone saved this dashboard (version " + row.version()
					+ ") since you opened version " + base + ": reload it and make your changes again.",
					Map.of("latestVersion", row.version()));
		}
		DashboardValidator.Checked checked = validator.check(request);
		store.findByName(tenant, checked.name()).filter(other -> !other.equals(id)).ifPresent(other -> {
			throw nameTaken(checked.name());
		});
		store.update(tenant, id, checked, user.username());
		return get(id);
	}

	@PreAuthorize(MANAGERS)
	@Transactional
	public void delete(UUID id) {
		TenantId tenant = TenantContext.require();
		openable(user(), store.find(tenant, id, true).orElse(null), id);
		store.delete(tenant, id);
	}

	private static DashboardStore.Row openable(CirrusUser user, DashboardStore.@Nullable Row row, UUID id) {
		if (row == null || !opens(user, row)) {
			throw new NotFoundException("Dashboard", id);
		}
		return row;
	}

	private static boolean opens(CirrusUser user, DashboardStore.Row row) {
		return user.hasRole(Roles.TENANT_ADMIN) || row.createdBy().equals(user.username())
				|| row.sharedWith().stream().anyMatch(user::hasRole);
	}

	private static Dashboard view(CirrusUser user, DashboardStore.Row row) {
		boolean editable = user.hasRole(Roles.TENANT_ADMIN) || user.hasRole(Roles.DEVELOPER);
		return new Dashboard(row.id(), row.name(), row.description(), row.sharedWith(), row.widgets(), row.version(),
				row.createdBy(), row.createdAt(), row.updatedBy(), row.updatedAt(), editable);
	}

	private static CirrusUser user() {
		return TenantContext.currentUser().orElseThrow(TenantContext.NoTenantException::new);
	}

	private static CirrusException nameTaken(String name) {
		return new CirrusException(Problems.CONFLICT, "A dashboard named '" + name + "' exists already: choose another name.");
	}
}
