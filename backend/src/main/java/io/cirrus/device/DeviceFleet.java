package io.cirrus.device;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Device counts per status for a tenant (health dashboard, samplers): one aggregate query over the tenant's rows,
 * with the status computed in SQL (tens of milliseconds at 100,000 devices).
 */
@Service
public class DeviceFleet {

	private final DeviceStore store;

	private final TransactionTemplate transactions;

	DeviceFleet(DeviceStore store, TransactionTemplate transactions) {
		this.store = store;
		this.transactions = new TransactionTemplate(transactions.getTransactionManager());
		this.transactions.setReadOnly(true);
		// Its own transactions, bound to the device's tenant, whatever transaction the caller may be in.
		this.transactions.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Counts of the current tenant. */
	public FleetCounts counts() {
		return counts(TenantContext.require());
	}

	/** Counts of {@code tenant}, for work without a signed-in user (binds the tenant itself). */
	public FleetCounts counts(TenantId tenant) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.counts(tenant)));
	}

	/** Reporting expectations of devices of {@code tenant} (binds the tenant itself); unknown ids are left out. */
	public List<ReportingExpectation> expectations(TenantId tenant, List<DeviceId> devices) {
		if (devices.isEmpty()) {
			return List.of();
		}
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.expectations(tenant, devices)));
	}

	/**
	 * Devices of {@code tenant} heard from once and silent since longer than {@code missedReports} reporting
	 * intervals of their profile (only of {@code profile} when given), longest silent first; decommissioned ones
	 * never.
	 */
	public List<DeviceSummary> missedReports(TenantId tenant, @Nullable UUID profile,
			int missedReports, int limit) {
		return TenantContext.callAs(tenant, () -> transactions
			.execute(tx -> store.silent(tenant, profile, missedReports, Duration.ZERO, limit)));
	}

	/** Devices of {@code tenant} silent for longer than {@code silence}, longest silent first. */
	public List<DeviceSummary> silentFor(TenantId tenant, Duration silence, int limit) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.silent(tenant, null, 0, silence, limit)));
	}
}
