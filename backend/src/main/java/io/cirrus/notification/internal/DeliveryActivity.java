package io.cirrus.notification.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.health.ActivitySource;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.TenantSampleContributor;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * How delivery goes, for the health module's dashboards and metrics (through its SPIs): deliveries and failed
 * attempts this instance recorded per tenant since the last sample, and the parked deliveries of a tenant.
 */
@Component
class DeliveryActivity implements ActivitySource, TenantSampleContributor {

	private final Map<TenantId, LongAdder> delivered = new ConcurrentHashMap<>();

	private final Map<TenantId, LongAdder> failed = new ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	DeliveryActivity(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions.getTransactionManager());
		this.transactions.setReadOnly(true);
	}

	void delivered(TenantId tenant, long count) {
		if (count > 0) {
			delivered.computeIfAbsent(tenant, t -> new LongAdder()).add(count);
		}
	}

	void failed(TenantId tenant, long count) {
		if (count > 0) {
			failed.computeIfAbsent(tenant, t -> new LongAdder()).add(count);
		}
	}

	/** Deliveries and failed attempts per tenant since the previous call, resetting them. */
	@Override
	public Map<TenantId, Map<HealthMetric, Long>> drain() {
		Map<TenantId, Long> deliveredCounts = drain(delivered);
		Map<TenantId, Long> failedCounts = drain(failed);
		Map<TenantId, Map<HealthMetric, Long>> drained = new HashMap<>();
		for (TenantId tenant : union(deliveredCounts, failedCounts)) {
			drained.put(tenant, Map.of(HealthMetric.NOTIFICATIONS_DELIVERED, deliveredCounts.getOrDefault(tenant, 0L),
					HealthMetric.NOTIFICATIONS_FAILED, failedCounts.getOrDefault(tenant, 0L)));
		}
		return drained;
	}

	/** The tenant's deliveries parked after their last attempt (a partial index keeps this cheap). */
	@Override
	public Map<HealthMetric, Double> sample(TenantId tenant) {
		long parked = TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc
			.sql("select count(*) from delivery where tenant_id = ? and parked_at is not null and state = 'parked'")
			.param(tenant.value())
			.query(Long.class)
			.single()));
		return Map.of(HealthMetric.NOTIFICATIONS_PARKED, (double) parked);
	}

	private static Map<TenantId, Long> drain(Map<TenantId, LongAdder> counts) {
		Map<TenantId, Long> drained = new HashMap<>();
		counts.forEach((tenant, adder) -> {
			long value = adder.sumThenReset();
			if (value > 0) {
				drained.put(tenant, value);
			}
		});
		return drained;
	}

	private static Set<TenantId> union(Map<TenantId, Long> a, Map<TenantId, Long> b) {
		Set<TenantId> tenants = new HashSet<>(a.keySet());
		tenants.addAll(b.keySet());
		return tenants;
	}
}
