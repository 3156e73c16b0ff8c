package io.cirrus.notification;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * How delivery goes, for health dashboards and metrics: deliveries and failed attempts this instance recorded per
 * tenant since the last look, and the parked deliveries of a tenant.
 */
@Component
public class DeliveryActivity {

	/** Deliveries and failed attempts of one tenant over an interval. */
	public record Counts(long delivered, long failed) {
	}

	private final Map<TenantId, LongAdder> delivered = new ConcurrentHashMap<>();

	private final Map<TenantId, LongAdder> failed = new ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	DeliveryActivity(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void delivered(TenantId tenant, long count) {
		if (count > 0) {
			delivered.computeIfAbsent(tenant, t -> new LongAdder()).add(count);
		}
	}

	public void failed(TenantId tenant, long count) {
		if (count > 0) {
			failed.computeIfAbsent(tenant, t -> new LongAdder()).add(count);
		}
	}

	/** The counts since the previous call, resetting them. */
	public Map<TenantId, Counts> drain() {
		Map<TenantId, Counts> drained = new HashMap<>();
		delivered.forEach((tenant, adder) -> drained.put(tenant, new Counts(adder.sumThenReset(), 0)));
		failed.forEach((tenant, adder) -> drained.merge(tenant, new Counts(0, adder.sumThenReset()),
				(a, b) -> new Counts(a.delivered(), b.failed())));
		drained.values().removeIf(c -> c.delivered() == 0 && c.failed() == 0);
		return drained;
	}

	/** Deliveries of the tenant parked after their last attempt (a partial index keeps this cheap). */
	@Transactional(readOnly = true)
	public long parked(TenantId tenant) {
		return TenantContext.callAs(tenant, () -> jdbc
			.sql("select count(*) from delivery where tenant_id = ? and parked_at is not null and state = 'parked'")
			.param(tenant.value())
			.query(Long.class)
			.single());
	}
}
