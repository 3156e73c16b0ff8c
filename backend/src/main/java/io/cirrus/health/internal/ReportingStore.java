package io.cirrus.health.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.health.DeviceRecoveryPolicy;
import io.cirrus.health.DeviceReporting;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/** Measured device reporting, recovery policies and the reboots sent (tables of V34, under RLS). */
@Repository
public class ReportingStore {

	private static final String COLUMNS = """
			device_id, samples, p50_ms, p99_ms, last_interval_ms, expected_s, drift_pct, flaps_last_hour, last_report_at,
			updated_at, reboot_sent_at""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	ReportingStore(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Upserts figures of devices of {@code tenant} in one statement (binds the tenant itself). */
	void save(TenantId tenant, List<DeviceReporting> rows) {
		if (rows.isEmpty()) {
			return;
		}
		TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
				insert into device_reporting (tenant_id, device_id, samples, p50_ms, p99_ms, last_interval_ms, expected_s,
				  drift_pct, flaps_last_hour, last_report_at, updated_at)
				select ?, r.* from unnest(?::uuid[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[],
				  ?::float8[], ?::int[], ?::timestamptz[], ?::timestamptz[])
				  as r(device_id, samples, p50, p99, last, expected, drift, flaps, last_report_at, updated_at)
				where exists (select 1 from device d where d.tenant_id = ? and d.id = r.device_id)
				on conflict (tenant_id, device_id) do update set samples = excluded.samples, p50_ms = excluded.p50_ms,
				  p99_ms = excluded.p99_ms, last_interval_ms = excluded.last_interval_ms, expected_s = excluded.expected_s,
				  drift_pct = excluded.drift_pct, flaps_last_hour = excluded.flaps_last_hour,
				  last_report_at = excluded.last_report_at, updated_at = excluded.updated_at""")
			.params(tenant.value(), rows.stream().map(r -> r.device().toString()).toArray(String[]::new),
					rows.stream().map(DeviceReporting::samples).toArray(Integer[]::new),
					rows.stream().map(DeviceReporting::p50Millis).toArray(Long[]::new),
					rows.stream().map(DeviceReporting::p99Millis).toArray(Long[]::new),
					rows.stream().map(DeviceReporting::lastMillis).toArray(Long[]::new),
					rows.stream().map(DeviceReporting::expectedSeconds).toArray(Integer[]::new),
					rows.stream().map(DeviceReporting::driftPercent).toArray(Double[]::new),
					rows.stream().map(DeviceReporting::flapsLastHour).toArray(Integer[]::new),
					rows.stream().map(r -> r.lastReportAt().toString()).toArray(String[]::new),
					rows.stream().map(r -> r.updatedAt().toString()).toArray(String[]::new), tenant.value())
			.update()));
	}

	/** Figures of a device of the transaction's tenant. */
	public Optional<DeviceReporting> find(DeviceId device) {
		return jdbc.sql("select " + COLUMNS + " from device_reporting where device_id = ?")
			.param(device.value())
			.query(ReportingStore::reporting)
			.optional();
	}

	/** Devices of the transaction's tenant whose median interval drifts, worst first. */
	public List<DeviceReporting> drifting(int limit) {
		return jdbc.sql("select " + COLUMNS + " " + """
				 from device_reporting where abs(drift_pct) >= 25 and samples >= 10
				   and updated_at > now() - interval '1 hour' order by abs(drift_pct) desc limit ?""")
			.param(limit)
			.query(ReportingStore::reporting)
			.list();
	}

	/** Devices of the transaction's tenant that flapped in the last hour, most first. */
	public List<DeviceReporting> flapping(int limit) {
		return jdbc.sql("select " + COLUMNS + " " + """
				 from device_reporting where flaps_last_hour >= 3 and updated_at > now() - interval '1 hour'
				 order by flaps_last_hour desc limit ?""")
			.param(limit)
			.query(ReportingStore::reporting)
			.list();
	}

	// ---- recovery policies

	public List<DeviceRecoveryPolicy> policies() {
		return jdbc.sql("select profile_id, reboot_after_missed, updated_at, updated_by from device_recovery_policy order by updated_at")
			.query((rs, n) -> new DeviceRecoveryPolicy(rs.getObject(1, UUID.class), "", rs.getInt(2),
					rs.getTimestamp(3).toInstant(), rs.getString(4)))
			.list();
	}

	public void savePolicy(TenantId tenant, UUID profile, int rebootAfterMissed, String by, Instant at) {
		jdbc.sql("""
				insert into device_recovery_policy (tenant_id, profile_id, reboot_after_missed, updated_at, updated_by)
				values (?, ?, ?, ?, ?)
				on conflict (tenant_id, profile_id) do update set reboot_after_missed = excluded.reboot_after_missed,
				  updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
			.params(tenant.value(), profile, rebootAfterMissed, Timestamp.from(at), by)
			.update();
	}

	public int deletePolicy(UUID profile) {
		return jdbc.sql("delete from device_recovery_policy where profile_id = ?").param(profile).update();
	}

	// ---- reboots sent

	/** When a reboot was sent for the device's current silence (the one that began at {@code lastSeen}), if any. */
	public boolean rebootSentFor(DeviceId device, Instant lastSeen) {
		return jdbc.sql("select count(*) from device_reporting where device_id = ? and reboot_sent_at > ?")
			.params(device.value(), Timestamp.from(lastSeen))
			.query(Long.class)
			.single() > 0;
	}

	/** Records a reboot sent now (creates the device's row when it never had figures). */
	public void rebootSent(TenantId tenant, DeviceId device, Instant lastSeen, Instant at) {
		jdbc.sql("""
				insert into device_reporting (tenant_id, device_id, samples, p50_ms, p99_ms, last_interval_ms, expected_s,
				  drift_pct, flaps_last_hour, last_report_at, updated_at, reboot_sent_at)
				values (?, ?, 0, 0, 0, 0, 0, 0, 0, ?, ?, ?)
				on conflict (tenant_id, device_id) do update set reboot_sent_at = excluded.reboot_sent_at""")
			.params(tenant.value(), device.value(), Timestamp.from(lastSeen), Timestamp.from(at), Timestamp.from(at))
			.update();
	}

	static DeviceReporting reporting(ResultSet rs, int n) throws SQLException {
		return new DeviceReporting(new DeviceId(rs.getObject("device_id", UUID.class)), rs.getInt("samples"),
				rs.getLong("p50_ms"), rs.getLong("p99_ms"), rs.getLong("last_interval_ms"), rs.getInt("expected_s"),
				rs.getDouble("drift_pct"), rs.getInt("flaps_last_hour"), rs.getTimestamp("last_report_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), instant(rs.getTimestamp("reboot_sent_at")));
	}

	private static @Nullable Instant instant(@Nullable Timestamp ts) {
		return ts == null ? null : ts.toInstant();
	}
}
