package io.cirrus.app.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.cirrus.health.AppHealth;
import io.cirrus.health.AppHealthSource;
import io.cirrus.shared.TenantId;

/**
 * A tenant's running and paused apps for its health dashboard, read from the deployments, the runtime's errors and
 * the day's counters in one query (in the caller's transaction, which binds the tenant); failing as in
 * {@link AppHealthSample}: running, with failed or refused actions in the last 5 minutes.
 */
@Component
class AppHealthReport implements AppHealthSource {

	private static final Duration RECENT = Duration.ofMinutes(5);

	private final JdbcClient jdbc;

	private final RuntimeStats stats;

	private final Clock clock;

	AppHealthReport(JdbcClient jdbc, RuntimeStats stats, Clock clock) {
		this.jdbc = jdbc;
		this.stats = stats;
		this.clock = clock;
	}

	@Override
	public List<AppHealth> apps(TenantId tenant) {
		Long lag = stats.lag();
		Timestamp since = Timestamp.from(clock.instant().minus(RECENT));
		LocalDate yesterday = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
		return jdbc.sql("""
				select d.app_id, a.name, d.version, d.state,
				       (select count(*) from app_runtime_error e
				        where e.tenant_id = d.tenant_id and e.app_id = d.app_id and e.at > ?) as errors,
				       (select count(*) from app_runtime_error e
				        where e.tenant_id = d.tenant_id and e.app_id = d.app_id and e.at > ?
				        and e.kind in ('action', 'refused')) as failed,
				       (select coalesce(sum(u.actions_ok + u.actions_failed + u.refused), 0) from app_usage u
				        where u.tenant_id = d.tenant_id and u.app_id = d.app_id and u.day >= ?) as actions,
				       (select coalesce(sum(u.actions_failed + u.refused), 0) from app_usage u
				        where u.tenant_id = d.tenant_id and u.app_id = d.app_id and u.day >= ?) as bad
				from app_deployment d join app a on a.tenant_id = d.tenant_id and a.id = d.app_id
				where d.tenant_id = ? and d.state in ('RUNNING', 'PAUSED')
				order by a.name, d.activated_at desc
				""").params(since, since, yesterday, yesterday, tenant.value()).query((rs, n) -> {
			AppHealth.State state = rs.getString("state").equals("PAUSED") ? AppHealth.State.PAUSED
					: rs.getLong("failed") > 0 ? AppHealth.State.FAILING : AppHealth.State.RUNNING;
			long actions = rs.getLong("actions");
			return new AppHealth(rs.getObject("app_id", UUID.class), rs.getString("name"), rs.getInt("version"), state,
					lag, rs.getLong("errors"), actions == 0 ? null : (double) rs.getLong("bad") / actions);
		}).list();
	}
}
