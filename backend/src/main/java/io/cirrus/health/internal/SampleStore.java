package io.cirrus.health.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.HealthMetric;
import io.cirrus.health.Series;
import io.cirrus.health.TimeRange;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Sampled metrics in {@code health_sample}. Rows of the tenant bound to the transaction, or of the platform when no
 * tenant is bound (row-level security enforces it; the queries say it too). Series are downsampled in SQL.
 */
@Repository
public class SampleStore {

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	SampleStore(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/** One sample to store. */
	public record Sample(HealthMetric metric, String subject, Instant ts, double value) {
	}

	/** Stores samples of the current tenant (or of the platform without one) in one round trip. */
	@Transactional
	public void save(List<Sample> samples) {
		if (samples.isEmpty()) {
			return;
		}
		UUID tenant = TenantContext.current().map(TenantId::value).orElse(null);
		batch.batchUpdate("insert into health_sample (tenant_id, metric, subject, ts, value) values (?, ?, ?, ?, ?)",
				samples, samples.size(), (ps, s) -> {
					ps.setObject(1, tenant);
					ps.setString(2, s.metric().key());
					ps.setString(3, s.subject());
					ps.setTimestamp(4, Timestamp.from(s.ts()));
					ps.setDouble(5, s.value());
				});
	}

	/** The series of a metric over a range, one per subject, downsampled to the range's bucket. */
	@Transactional(readOnly = true)
	public List<Series> series(HealthMetric metric, TimeRange range, Instant now) {
		Instant from = now.minus(range.span());
		String aggregate = metric.kind() == HealthMetric.Kind.GAUGE ? "avg(value)" : "sum(value) / :seconds * :scale";
		long seconds = range.bucket().toSeconds();
		Map<String, List<Series.Point>> bySubject = new LinkedHashMap<>();
		jdbc.sql("select subject, date_bin(cast(:bucket as interval), ts, timestamptz '2000-01-01') as bucket, "
				+ aggregate + " as value from health_sample where " + tenantFilter()
				+ " and metric = :metric and ts >= :from group by subject, bucket order by subject, bucket")
			.param("bucket", seconds + " seconds")
			.param("seconds", (double) seconds)
			.param("scale", metric.kind() == HealthMetric.Kind.PER_MINUTE ? 60.0 : 1.0)
			.param("tenant", tenantParameter())
			.param("metric", metric.key())
			.param("from", Timestamp.from(from))
			.query((rs, n) -> {
				bySubject.computeIfAbsent(rs.getString("subject"), k -> new ArrayList<>())
					.add(new Series.Point(rs.getTimestamp("bucket").toInstant(), rs.getDouble("value")));
				return null;
			})
			.list();
		List<Series> series = new ArrayList<>();
		bySubject.forEach((subject, points) -> series.add(new Series(metric, subject, List.copyOf(points))));
		return series;
	}

	/**
	 * The current value of a metric per subject: the newest sample of a gauge; for counts, the rate over the last
	 * {@code window}.
	 */
	@Transactional(readOnly = true)
	public Map<String, Double> current(HealthMetric metric, Duration window, Instant now) {
		Map<String, Double> values = new LinkedHashMap<>();
		String sql = metric.kind() == HealthMetric.Kind.GAUGE
				? "select distinct on (subject) subject, value from health_sample where " + tenantFilter()
						+ " and metric = :metric and ts >= :from order by subject, ts desc"
				: "select subject, sum(value) / :seconds * :scale as value from health_sample where " + tenantFilter()
						+ " and metric = :metric and ts >= :from group by subject";
		jdbc.sql(sql)
			.param("tenant", tenantParameter())
			.param("metric", metric.key())
			.param("from", Timestamp.from(now.minus(window)))
			.param("seconds", (double) window.toSeconds())
			.param("scale", metric.kind() == HealthMetric.Kind.PER_MINUTE ? 60.0 : 1.0)
			.query((rs, n) -> values.put(rs.getString("subject"), rs.getDouble("value")))
			.list();
		return values;
	}

	/** Deletes samples older than {@code before}, of every tenant and the platform; answers how many. */
	@Transactional
	public int purgeBefore(Instant before) {
		return jdbc.sql("delete from health_sample where " + tenantFilter() + " and ts < :before")
			.param("tenant", tenantParameter())
			.param("before", Timestamp.from(before))
			.update();
	}

	private static String tenantFilter() {
		return "tenant_id is not distinct from cast(:tenant as uuid)";
	}

	private static @Nullable UUID tenantParameter() {
		return TenantContext.current().map(TenantId::value).orElse(null);
	}
}
