package io.cirrus.app.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import io.cirrus.app.AppMetrics;
import io.cirrus.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads what the runtime recorded, for {@link AppMetrics}; the caller's transaction binds the tenant. */
@Component
public class RuntimeStats {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final RuntimeLedger ledger;

	private final RuntimeActions actions;

	private final KafkaListenerEndpointRegistry listeners;

	RuntimeStats(JdbcClient jdbc, RuntimeLedger ledger, RuntimeActions actions, KafkaListenerEndpointRegistry listeners) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.actions = actions;
		this.listeners = listeners;
	}

	public AppMetrics.Metrics metrics(TenantId tenant, UUID app, LocalDate from) {
		List<AppMetrics.Day> days = jdbc.sql("""
				select day, invocations, matches, actions_ok, actions_failed, refused, compute_micros from app_usage
				where tenant_id = ? and app_id = ? and day >= ? order by day
				""").params(tenant.value(), app, from).query((rs, n) -> day(rs)).list();
		LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
		long[] last = new long[5];
		jdbc.sql("""
				select coalesce(sum(invocations), 0), coalesce(sum(matches), 0), coalesce(sum(actions_ok), 0),
				       coalesce(sum(actions_failed), 0), coalesce(sum(refused), 0)
				from app_usage where tenant_id = ? and app_id = ? and day >= ?
				""").params(tenant.value(), app, yesterday).query(rs -> {
			for (int i = 0; i < 5; i++) {
				last[i] = rs.getLong(i + 1);
			}
		});
		List<AppMetrics.Error> errors = jdbc.sql("""
				select at, version, kind, action, message, event from app_runtime_error
				where tenant_id = ? and app_id = ? order by at desc, id desc limit 50
				""").params(tenant.value(), app).query((rs, n) -> new AppMetrics.Error(rs.getTimestamp(1).toInstant(),
				rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
				JSON.readValue(rs.getString(6), new TypeReference<Map<String, Object>>() {
				}))).list();
		RuntimeLedger.Meters meters = ledger.metersIfAny(app);
		return new AppMetrics.Metrics(app, last[0], last[1], last[2], last[3], last[4],
				percentile(meters == null ? null : meters.evaluation(), 0.5),
				percentile(meters == null ? null : meters.evaluation(), 0.99),
				percentile(meters == null ? null : meters.action(), 0.5),
				percentile(meters == null ? null : meters.action(), 0.99), lag(), days, errors);
	}

	public AppMetrics.Usage usage(TenantId tenant, LocalDate from, LocalDate to) {
		List<AppMetrics.Day> days = jdbc.sql("""
				select day, sum(invocations), sum(matches), sum(actions_ok), sum(actions_failed), sum(refused),
				       sum(compute_micros)
				from app_usage where tenant_id = ? and day between ? and ? group by day order by day
				""").params(tenant.value(), from, to).query((rs, n) -> day(rs)).list();
		return new AppMetrics.Usage(from, to, days.stream().mapToLong(AppMetrics.Day::invocations).sum(),
				days.stream().mapToDouble(AppMetrics.Day::computeMs).sum(), days);
	}

	public Map<UUID, long[]> lastDay(TenantId tenant) {
		Map<UUID, long[]> out = new HashMap<>();
		jdbc.sql("""
				select app_id, sum(invocations), sum(actions_failed + refused) from app_usage
				where tenant_id = ? and day >= ? group by app_id
				""").params(tenant.value(), LocalDate.now(ZoneOffset.UTC).minusDays(1))
			.query(rs -> {
				out.put(rs.getObject(1, UUID.class), new long[] { rs.getLong(2), rs.getLong(3) });
			});
		return out;
	}

	public String secret(TenantId tenant, UUID app) {
		return actions.secret(tenant, app);
	}

	private static AppMetrics.Day day(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new AppMetrics.Day(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getLong(4),
				rs.getLong(5), rs.getLong(6), rs.getLong(7) / 1000.0);
	}

	private static @Nullable Double percentile(@Nullable Timer timer, double p) {
		if (timer == null || timer.count() == 0) {
			return null;
		}
		for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
			if (value.percentile() == p) {
				return value.value(TimeUnit.MICROSECONDS) / 1000.0;
			}
		}
		return null;
	}

	/** The runtime's consumer lag on this instance (records not yet read), if its consumers report it. */
	@Nullable Long lag() {
		MessageListenerContainer container = listeners.getListenerContainer(AppRuntime.ID);
		if (container == null) {
			return null;
		}
		double lag = 0;
		boolean any = false;
		for (var client : container.metrics().values()) {
			for (var metric : client.entrySet()) {
				if (metric.getKey().name().equals("records-lag-max") && metric.getValue().metricValue() instanceof Double d
						&& !d.isNaN()) {
					lag += Math.max(0, d);
					any = true;
				}
			}
		}
		return any ? (long) lag : null;
	}
}
