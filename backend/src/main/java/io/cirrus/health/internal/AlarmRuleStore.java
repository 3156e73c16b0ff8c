package io.cirrus.health.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.AlarmRule;
import io.cirrus.health.AlarmSource;
import io.cirrus.health.Comparison;
import io.cirrus.health.Severity;
import io.cirrus.shared.TenantId;

/** Alarm rules of a tenant. Every statement names the tenant; row-level security checks it again. */
@Repository
@Transactional
public class AlarmRuleStore {

	private static final String COLUMNS = "id, name, source, metric, selector, operator, threshold, duration_seconds, "
			+ "severity, enabled, updated_at, updated_by";

	private final JdbcClient jdbc;

	AlarmRuleStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<AlarmRule> findAll(TenantId tenant) {
		return jdbc.sql("select " + COLUMNS + " from alarm_rule where tenant_id = ? order by name, id")
			.param(tenant.value())
			.query(AlarmRuleStore::map)
			.list();
	}

	public List<AlarmRule> findEnabled(TenantId tenant, AlarmSource source) {
		return jdbc.sql("select " + COLUMNS + " from alarm_rule where tenant_id = ? and source = ? and enabled order by id")
			.params(tenant.value(), source.name())
			.query(AlarmRuleStore::map)
			.list();
	}

	public Optional<AlarmRule> find(TenantId tenant, UUID id) {
		return jdbc.sql("select " + COLUMNS + " from alarm_rule where tenant_id = ? and id = ?")
			.params(tenant.value(), id)
			.query(AlarmRuleStore::map)
			.optional();
	}

	public void insert(TenantId tenant, AlarmRule rule, Instant now) {
		jdbc.sql("""
				insert into alarm_rule (id, tenant_id, name, source, metric, selector, operator, threshold,
				    duration_seconds, severity, enabled, created_at, updated_at, updated_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(rule.id(), tenant.value(), rule.name(), rule.source().name(), rule.metric(), rule.selector(),
					rule.operator().symbol(), rule.threshold(), rule.durationSeconds(), rule.severity().name(),
					rule.enabled(), Timestamp.from(now), Timestamp.from(now), rule.updatedBy())
			.update();
	}

	public boolean update(TenantId tenant, AlarmRule rule) {
		return jdbc.sql("""
				update alarm_rule set name = ?, source = ?, metric = ?, selector = ?, operator = ?, threshold = ?,
				    duration_seconds = ?, severity = ?, enabled = ?, updated_at = ?, updated_by = ?, version = version + 1
				where tenant_id = ? and id = ?""")
			.params(rule.name(), rule.source().name(), rule.metric(), rule.selector(), rule.operator().symbol(),
					rule.threshold(), rule.durationSeconds(), rule.severity().name(), rule.enabled(),
					Timestamp.from(rule.updatedAt()), rule.updatedBy(), tenant.value(), rule.id())
			.update() == 1;
	}

	public boolean delete(TenantId tenant, UUID id) {
		return jdbc.sql("delete from alarm_rule where tenant_id = ? and id = ?").params(tenant.value(), id).update() == 1;
	}

	private static AlarmRule map(ResultSet rs, int row) throws SQLException {
		return new AlarmRule(rs.getObject("id", UUID.class), rs.getString("name"), AlarmSource.valueOf(rs.getString("source")),
				rs.getString("metric"), rs.getString("selector"), Comparison.ofSymbol(rs.getString("operator")).orElseThrow(),
				rs.getDouble("threshold"), rs.getInt("duration_seconds"), Severity.valueOf(rs.getString("severity")),
				rs.getBoolean("enabled"), rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
	}
}
