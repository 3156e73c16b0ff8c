package io.cirrus.telemetry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.CirrusException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Reads stored telemetry of the caller's tenant: downsampled series, latest values, the keys a device reported and
 * the messages it had refused. Another tenant's device answers as missing. Every query filters by tenant, and
 * row-level security filters again.
 */
@Service
@Transactional(readOnly = true)
public class TelemetryQueries {

	/** Most points one series query may return per key. */
	public static final int MAX_POINTS = 10_000;

	/** Most keys in one series query. */
	public static final int MAX_KEYS = 32;

	/** Longest window of one series query. */
	public static final Duration MAX_WINDOW = Duration.ofDays(366);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private final JdbcClient jdbc;

	private final DeviceCheck devices;

	private final TransactionTemplate readOnly;

	TelemetryQueries(JdbcClient jdbc, DeviceCheck devices, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.devices = devices;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * The device's readings from {@code from} to {@code to}, one point per {@code interval} (aligned to
	 * {@code from}) and key; all keys it reported when {@code keys} is empty; {@code interval} null picks one that
	 * gives about 300 points. Bad arguments raise a 400 naming the parameter.
	 */
	@PreAuthorize("isAuthenticated()")
	public TelemetrySeries series(DeviceId device, Collection<String> keys, Instant from, Instant to,
			Duration interval, Aggregation aggregation) {
		TenantId tenant = TenantContext.require();
		devices.require(device);
		if (!from.isBefore(to)) {
			throw CirrusException.invalidField("from", "must be before 'to'");
		}
		Duration window = Duration.between(from, to);
		if (window.compareTo(MAX_WINDOW) > 0) {
			throw CirrusException.invalidField("from", "must be at most " + MAX_WINDOW.toDays() + " days before 'to'");
		}
		Duration step = interval != null ? interval : defaultInterval(window);
		if (step.compareTo(Duration.ofSeconds(1)) < 0) {
			throw CirrusException.invalidField("interval", "must be at least 1 s");
		}
		if (window.dividedBy(step) > MAX_POINTS) {
			throw CirrusException.invalidField("interval", "gives more than " + MAX_POINTS + " points over this window; choose a longer one");
		}
		if (keys.size() > MAX_KEYS) {
			throw CirrusException.invalidField("keys", "names more than " + MAX_KEYS + " keys");
		}
		for (String key : keys) {
			if (!KEY.matcher(key).matches()) {
				throw CirrusException.invalidField("keys", "contains '" + abbreviate(key) + "', not a valid key name");
			}
		}
		List<String> wanted = keys.isEmpty() ? keys(device) : List.copyOf(keys);
		Map<String, List<TelemetrySeries.Point>> series = new LinkedHashMap<>();
		wanted.forEach(key -> series.put(key, new ArrayList<>()));
		if (!wanted.isEmpty()) {
			// The wanted keys out of each reading of the device in the window (the index finds the readings).
			jdbc.sql("select key, date_bin(make_interval(secs => ?), ts, ?) as bucket, " + aggregation.sql() + " as value"
					+ " from (select e.key, t.ts,"
					+ "  case jsonb_typeof(e.value) when 'number' then e.value::float8 end as num,"
					+ "  case jsonb_typeof(e.value) when 'boolean' then e.value::bool end as bool"
					+ "  from telemetry t cross join lateral jsonb_each(t.vals) e"
					+ "  where t.tenant_id = ? and t.device_id = ? and t.ts >= ? and t.ts < ? and e.key = any(?)) r"
					+ " group by key, bucket order by key, bucket")
				.params(step.toMillis() / 1000.0, utc(from), tenant.value(), device.value(), utc(from), utc(to),
						wanted.toArray(String[]::new))
				.query((ResultSet rs) -> {
					double value = rs.getDouble(3);
					if (!rs.wasNull()) {
						series.get(rs.getString(1))
							.add(new TelemetrySeries.Point(rs.getObject(2, OffsetDateTime.class).toInstant(), value));
					}
				});
		}
		return new TelemetrySeries(device, from, to, step, aggregation, series);
	}

	/** The key, time and value columns of each entry {@code e} of a {@code telemetry_latest} row's vals. */
	private static final String LATEST_COLUMNS = "e.key, timestamptz 'epoch' + (e.value ->> 0)::bigint * interval '1 microsecond',"
			+ " case jsonb_typeof(e.value -> 1) when 'number' then (e.value -> 1)::float8 end,"
			+ " case jsonb_typeof(e.value -> 1) when 'string' then e.value ->> 1 end,"
			+ " case jsonb_typeof(e.value -> 1) when 'boolean' then (e.value -> 1)::bool end";

	/** The newest value of each key of the device, by key. */
	@PreAuthorize("isAuthenticated()")
	public List<LatestValue> latest(DeviceId device) {
		TenantId tenant = TenantContext.require();
		devices.require(device);
		// vals: {key: [epoch microseconds, value]}
		return jdbc.sql("select " + LATEST_COLUMNS + " from telemetry_latest l cross join lateral jsonb_each(l.vals) e"
				+ " where l.tenant_id = ? and l.device_id = ? order by e.key")
			.params(tenant.value(), device.value())
			.query((rs, n) -> new LatestValue(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), value(rs)))
			.list();
	}

	/**
	 * The newest value of each key of several devices in one query (a dashboard's value and gauge widgets), by
	 * device and then key. Devices the tenant does not have, or that never reported, are left out: the caller
	 * checked them, and another tenant's rows are not read (tenant filter and row-level security).
	 */
	@PreAuthorize("isAuthenticated()")
	public Map<DeviceId, List<LatestValue>> latest(Collection<DeviceId> devices) {
		TenantId tenant = TenantContext.require();
		Map<DeviceId, List<LatestValue>> latest = new LinkedHashMap<>();
		if (devices.isEmpty()) {
			return latest;
		}
		jdbc.sql("select l.device_id, " + LATEST_COLUMNS
				+ " from unnest(?::uuid[]) as u(id)"
				+ " join telemetry_latest l on l.tenant_id = ? and l.device_id = u.id"
				+ " cross join lateral jsonb_each(l.vals) e order by l.device_id, e.key")
			.params(devices.stream().map(DeviceId::toString).distinct().toArray(String[]::new), tenant.value())
			.query((ResultSet rs) -> {
				latest.computeIfAbsent(new DeviceId(rs.getObject(1, java.util.UUID.class)), d -> new ArrayList<>())
					.add(new LatestValue(rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), value(rs, 1)));
			});
		return latest;
	}

	/** The keys the device ever reported (that are still stored), sorted. */
	@PreAuthorize("isAuthenticated()")
	public List<String> keys(DeviceId device) {
		TenantId tenant = TenantContext.require();
		devices.require(device);
		return jdbc.sql("select k from telemetry_latest l cross join lateral jsonb_object_keys(l.vals) k"
				+ " where l.tenant_id = ? and l.device_id = ? order by k")
			.params(tenant.value(), device.value())
			.query(String.class)
			.list();
	}

	/** Most readings {@link #recent} returns. */
	public static final int MAX_RECENT = 1_000;

	/** The device's last {@code limit} readings as stored, oldest first (apps dry-run on them). */
	@PreAuthorize("isAuthenticated()")
	public List<StoredReading> recent(DeviceId device, int limit) {
		TenantId tenant = TenantContext.require();
		devices.require(device);
		if (limit < 1 || limit > MAX_RECENT) {
			throw CirrusException.invalidField("limit", "must be between 1 and " + MAX_RECENT);
		}
		List<StoredReading> readings = new ArrayList<>(jdbc
			.sql("select ts, vals::text from telemetry where tenant_id = ? and device_id = ? order by ts desc limit ?")
			.params(tenant.value(), device.value(), limit)
			.query((rs, n) -> new StoredReading(rs.getObject(1, OffsetDateTime.class).toInstant(),
					JSON.readValue(rs.getString(2), new TypeReference<Map<String, Object>>() {
					})))
			.list());
		java.util.Collections.reverse(readings);
		return readings;
	}

	/** Most readings one page of {@link #readings} holds. */
	public static final int MAX_PAGE = 500;

	/** Most readings one {@link #export} writes. */
	public static final int MAX_EXPORT = 100_000;

	/** A page of the device's readings from {@code from} to {@code to}, newest first (the device page's table). */
	@PreAuthorize("isAuthenticated()")
	public List<StoredReading> readings(DeviceId device, Instant from, Instant to, int offset, int limit) {
		TenantId tenant = TenantContext.require();
		devices.require(device);
		if (limit < 1 || limit > MAX_PAGE) {
			throw CirrusException.invalidField("limit", "must be between 1 and " + MAX_PAGE);
		}
		return jdbc.sql("select ts, vals::text from telemetry where tenant_id = ? and device_id = ? and ts >= ? and ts < ?"
				+ " order by ts desc offset ? limit ?")
			.params(tenant.value(), device.value(), utc(from), utc(to), Math.max(0, offset), limit)
			.query((rs, n) -> reading(rs))
			.list();
	}

	/**
	 * The device's readings from {@code from} to {@code to}, oldest first, handed to {@code each} as they are read
	 * (a CSV export streams them); at most {@link #MAX_EXPORT}. Answers how many were handed over.
	 */
	@PreAuthorize("isAuthenticated()")
	public int export(DeviceId device, Instant from, Instant to, java.util.function.Consumer<StoredReading> each) {
		TenantId tenant = TenantContext.require();
		devices.require(device);
		int[] count = { 0 };
		jdbc.sql("select ts, vals::text from telemetry where tenant_id = ? and device_id = ? and ts >= ? and ts < ?"
				+ " order by ts limit ?")
			.params(tenant.value(), device.value(), utc(from), utc(to), MAX_EXPORT)
			.query((ResultSet rs) -> {
				each.accept(reading(rs));
				count[0]++;
			});
		return count[0];
	}

	private static StoredReading reading(ResultSet rs) throws SQLException {
		return new StoredReading(rs.getObject(1, OffsetDateTime.class).toInstant(),
				JSON.readValue(rs.getString(2), new TypeReference<Map<String, Object>>() {
				}));
	}

	/** The device's refused messages per path (HTTP, MQTT). */
	@PreAuthorize("isAuthenticated()")
	public List<Rejections> rejections(DeviceId device) {
		TenantId tenant = TenantContext.require();
		devices.require(device);
		return jdbc.sql("select source, rejected, last_error, last_at from telemetry_rejection where tenant_id = ? and device_id = ? order by source")
			.params(tenant.value(), device.value())
			.query((rs, n) -> new Rejections(IngestSource.valueOf(rs.getString(1)), rs.getLong(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

	/**
	 * Whether any device of the tenant reported {@code key} (for checks such as "an alarm rule on a key nobody
	 * sends"); for platform loops as well as requests, so the tenant is explicit.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public boolean hasReported(TenantId tenant, String key) {
		// The transaction starts inside callAs, so row-level security sees this tenant.
		return TenantContext.callAs(tenant, () -> readOnly.execute(tx -> jdbc
			.sql("select exists (select 1 from telemetry_latest where tenant_id = ? and vals -> ? is not null)")
			.params(tenant.value(), key)
			.query(Boolean.class)
			.single()));
	}

	static Duration defaultInterval(Duration window) {
		long seconds = Math.max(1, (window.toSeconds() + 299) / 300);
		return Duration.ofSeconds(seconds);
	}

	private static Object value(ResultSet rs) throws SQLException {
		return value(rs, 0);
	}

	/** The value of {@link #LATEST_COLUMNS} read {@code shift} columns to the right. */
	private static Object value(ResultSet rs, int shift) throws SQLException {
		double number = rs.getDouble(3 + shift);
		if (!rs.wasNull()) {
			return number;
		}
		String text = rs.getString(4 + shift);
		if (text != null) {
			return text;
		}
		return rs.getBoolean(5 + shift);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String abbreviate(String key) {
		return key.length() > 64 ? key.substring(0, 64) + "…" : key;
	}
}
