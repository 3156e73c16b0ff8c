package io.cirrus.health.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.Alarm;
import io.cirrus.health.AlarmFilter;
import io.cirrus.health.Severity;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alarms of the tenant bound to the transaction, or of the platform when none is bound (row-level security
 * enforces the same; every statement says it too). Transitions are guarded in SQL, so concurrent instances never
 * raise the same alarm twice nor clear or acknowledge one twice.
 */
@Repository
@Transactional
public class AlarmStore {

	private static final String COLUMNS = "id, rule_id, rule_name, entity, entity_name, severity, state, message, value, "
			+ "raised_at, acked_at, acked_by, ack_note, cleared_at, details";

	private static final String SCOPE = "tenant_id is not distinct from cast(:tenant as uuid)";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	AlarmStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A new alarm to raise. {@code ruleKey} identifies the rule (its id) or built-in check (its name). */
	public record Raise(@Nullable UUID ruleId, String ruleKey, String ruleName, String entity, String entityName,
			Severity severity, String message, @Nullable Double value, Map<String, Object> details) {
	}

	/** Raises the alarm unless one is already active for the rule and entity; answers the new alarm if raised. */
	public Optional<Alarm> raise(Raise raise, Instant now) {
		UUID id = UUID.randomUUID();
		int inserted = jdbc.sql("""
				insert into alarm (id, tenant_id, rule_id, rule_key, rule_name, entity, entity_name, severity, state,
				    message, value, raised_at, details)
				values (:id, cast(:tenant as uuid), :ruleId, :ruleKey, :ruleName, :entity, :entityName, :severity, 'ACTIVE',
				    :message, :value, :now, cast(:details as jsonb))
				on conflict (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), rule_key, entity)
				    where state = 'ACTIVE' do nothing""")
			.param("id", id)
			.param("tenant", tenant())
			.param("ruleId", raise.ruleId())
			.param("ruleKey", raise.ruleKey())
			.param("ruleName", raise.ruleName())
			.param("entity", raise.entity())
			.param("entityName", raise.entityName())
			.param("severity", raise.severity().name())
			.param("message", raise.message())
			.param("value", raise.value())
			.param("now", Timestamp.from(now))
			.param("details", JSON.writeValueAsString(raise.details()))
			.update();
		return inserted == 1 ? find(id) : Optional.empty();
	}

	/** Clears the active alarm of a rule and entity; answers it if there was one. */
	public Optional<Alarm> clear(String ruleKey, String entity, Instant now) {
		List<UUID> cleared = jdbc.sql("update alarm set state = 'CLEARED', cleared_at = :now, version = version + 1 where "
				+ SCOPE + " and rule_key = :ruleKey and entity = :entity and state = 'ACTIVE' returning id")
			.param("now", Timestamp.from(now))
			.param("tenant", tenant())
			.param("ruleKey", ruleKey)
			.param("entity", entity)
			.query(UUID.class)
			.list();
		return cleared.isEmpty() ? Optional.empty() : find(cleared.getFirst());
	}

	/** Clears every active alarm of a rule (it was deleted); answers them. */
	public List<Alarm> clearRule(String ruleKey, Instant now) {
		List<UUID> cleared = jdbc.sql("update alarm set state = 'CLEARED', cleared_at = :now, version = version + 1 where "
				+ SCOPE + " and rule_key = :ruleKey and state = 'ACTIVE' returning id")
			.param("now", Timestamp.from(now))
			.param("tenant", tenant())
			.param("ruleKey", ruleKey)
			.query(UUID.class)
			.list();
		return cleared.stream().map(this::find).flatMap(Optional::stream).toList();
	}

	/** Updates the facts of an active alarm (e.g. recovery attempts so far). */
	public void updateDetails(String ruleKey, String entity, String message, Map<String, Object> details) {
		jdbc.sql("update alarm set message = :message, details = cast(:details as jsonb) where " + SCOPE
				+ " and rule_key = :ruleKey and entity = :entity and state = 'ACTIVE'")
			.param("message", message)
			.param("details", JSON.writeValueAsString(details))
			.param("tenant", tenant())
			.param("ruleKey", ruleKey)
			.param("entity", entity)
			.update();
	}

	/** Acknowledges an alarm not yet acknowledged; answers false when it was already. */
	public boolean acknowledge(UUID id, String by, @Nullable String note, Instant now) {
		return jdbc.sql("update alarm set acked_at = :now, acked_by = :by, ack_note = :note, version = version + 1 where "
				+ SCOPE + " and id = :id and acked_at is null")
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("note", note)
			.param("tenant", tenant())
			.param("id", id)
			.update() == 1;
	}

	public Optional<Alarm> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from alarm where " + SCOPE + " and id = :id")
			.param("tenant", tenant())
			.param("id", id)
			.query(AlarmStore::map)
			.optional();
	}

	/** Alarms, newest first; active ones only or all (with history). */
	public List<Alarm> list(boolean activeOnly, int limit) {
		return jdbc.sql("select " + COLUMNS + " from alarm where " + SCOPE + (activeOnly ? " and state = 'ACTIVE'" : "")
				+ " order by (state = 'ACTIVE') desc, raised_at desc limit :limit")
			.param("tenant", tenant())
			.param("limit", limit)
			.query(AlarmStore::map)
			.list();
	}

	/** Alarms as the filter says, newest first with active ones before cleared ones. */
	public List<Alarm> search(AlarmFilter filter) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from alarm where " + SCOPE);
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("tenant", tenant());
		params.put("limit", filter.limit());
		if (!filter.severities().isEmpty()) {
			sql.append(" and severity in (:severities)");
			params.put("severities", filter.severities().stream().map(Severity::name).toList());
		}
		if (filter.state() != null) {
			sql.append(switch (filter.state()) {
				case ACTIVE -> " and state = 'ACTIVE'";
				case UNACKNOWLEDGED -> " and state = 'ACTIVE' and acked_at is null";
				case CLEARED -> " and state = 'CLEARED'";
			});
		}
		if (filter.entity() != null) {
			sql.append(" and entity = :entity");
			params.put("entity", filter.entity());
		}
		if (filter.raisedAfter() != null) {
			sql.append(" and raised_at >= :after");
			params.put("after", Timestamp.from(filter.raisedAfter()));
		}
		if (filter.raisedBefore() != null) {
			sql.append(" and raised_at < :before");
			params.put("before", Timestamp.from(filter.raisedBefore()));
		}
		sql.append(" order by (state = 'ACTIVE') desc, raised_at desc limit :limit");
		return jdbc.sql(sql.toString()).params(params).query(AlarmStore::map).list();
	}

	/** Active alarms per severity. */
	public Map<Severity, Long> activeBySeverity() {
		Map<Severity, Long> counts = new java.util.EnumMap<>(Severity.class);
		jdbc.sql("select severity, count(*) from alarm where " + SCOPE + " and state = 'ACTIVE' group by severity")
			.param("tenant", tenant())
			.query((rs, n) -> counts.put(Severity.valueOf(rs.getString(1)), rs.getLong(2)))
			.list();
		return counts;
	}

	/** The keys ({@code ruleKey + ' ' + entity}) of active alarms, to evaluate rules without a query per reading. */
	public List<String> activeKeys() {
		return jdbc.sql("select rule_key || ' ' || entity from alarm where " + SCOPE + " and state = 'ACTIVE'")
			.param("tenant", tenant())
			.query(String.class)
			.list();
	}

	/** Deletes cleared alarms older than {@code before}. */
	public int purgeClearedBefore(Instant before) {
		return jdbc.sql("delete from alarm where " + SCOPE + " and state = 'CLEARED' and cleared_at < :before")
			.param("tenant", tenant())
			.param("before", Timestamp.from(before))
			.update();
	}

	private static @Nullable UUID tenant() {
		return TenantContext.current().map(TenantId::value).orElse(null);
	}

	private static Alarm map(ResultSet rs, int row) throws SQLException {
		Timestamp acked = rs.getTimestamp("acked_at");
		Timestamp cleared = rs.getTimestamp("cleared_at");
		double value = rs.getDouble("value");
		Double valueOrNull = rs.wasNull() ? null : value;
		return new Alarm(rs.getObject("id", UUID.class), rs.getObject("rule_id", UUID.class), rs.getString("rule_name"),
				rs.getString("entity"), rs.getString("entity_name"), Severity.valueOf(rs.getString("severity")),
				Alarm.State.valueOf(rs.getString("state")), rs.getString("message"), valueOrNull,
				rs.getTimestamp("raised_at").toInstant(), acked == null ? null : acked.toInstant(), rs.getString("acked_by"),
				rs.getString("ack_note"), cleared == null ? null : cleared.toInstant(),
				JSON.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() {
				}));
	}
}
