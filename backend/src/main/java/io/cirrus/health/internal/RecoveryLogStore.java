package io.cirrus.health.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.RecoveryAction;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/** The log of recovery actions, of the bound tenant or of the platform (row-level security agrees). */
@Repository
@Transactional
public class RecoveryLogStore {

	private static final String SCOPE = "tenant_id is not distinct from cast(:tenant as uuid)";

	private final JdbcClient jdbc;

	RecoveryLogStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public RecoveryAction record(RecoveryAction.TargetKind kind, String target, String action, boolean succeeded,
			String detail, int attempt, Instant at) {
		RecoveryAction entry = new RecoveryAction(UUID.randomUUID(), kind, target, action,
				succeeded ? RecoveryAction.Outcome.SUCCEEDED : RecoveryAction.Outcome.FAILED, detail, attempt, at);
		jdbc.sql("""
				insert into recovery_action (id, tenant_id, target_kind, target, action, outcome, detail, attempt, at)
				values (:id, cast(:tenant as uuid), :kind, :target, :action, :outcome, :detail, :attempt, :at)""")
			.param("id", entry.id())
			.param("tenant", tenant())
			.param("kind", kind.name())
			.param("target", target)
			.param("action", action)
			.param("outcome", entry.outcome().name())
			.param("detail", detail)
			.param("attempt", attempt)
			.param("at", Timestamp.from(at))
			.update();
		return entry;
	}

	public List<RecoveryAction> recent(int limit) {
		return jdbc.sql("select id, target_kind, target, action, outcome, detail, attempt, at from recovery_action where "
				+ SCOPE + " order by at desc limit :limit")
			.param("tenant", tenant())
			.param("limit", limit)
			.query((rs, n) -> new RecoveryAction(rs.getObject("id", UUID.class),
					RecoveryAction.TargetKind.valueOf(rs.getString("target_kind")), rs.getString("target"),
					rs.getString("action"), RecoveryAction.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"),
					rs.getInt("attempt"), rs.getTimestamp("at").toInstant()))
			.list();
	}

	public int purgeBefore(Instant before) {
		return jdbc.sql("delete from recovery_action where " + SCOPE + " and at < :before")
			.param("tenant", tenant())
			.param("before", Timestamp.from(before))
			.update();
	}

	private static @Nullable UUID tenant() {
		return TenantContext.current().map(TenantId::value).orElse(null);
	}
}
