package io.cirrus.telemetry.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryRecord;

/**
 * Stores a consumed batch in one PostgreSQL transaction: the readings (one statement per tenant, arrays bound as
 * parameters and unnested, as fast as COPY here and usable under row-level security, which refuses COPY FROM), the
 * latest value per device and key, and the next Kafka offset of every partition in the batch. The offsets commit
 * with the rows, so a consumer that dies anywhere resumes exactly after the last stored batch (ADR 0007).
 */
@Component
public class ReadingWriter {

	private static final String INSERT_READINGS = """
			insert into telemetry (tenant_id, device_id, key, ts, num, str, bool)
			select ?, d, k, timestamptz 'epoch' + t * interval '1 microsecond', n, s, b
			from unnest(?::uuid[], ?::text[], ?::bigint[], ?::float8[], ?::text[], ?::bool[]) as u(d, k, t, n, s, b)""";

	private static final String UPSERT_LATEST = """
			insert into telemetry_latest as l (tenant_id, device_id, key, ts, num, str, bool)
			select ?, d, k, timestamptz 'epoch' + t * interval '1 microsecond', n, s, b
			from unnest(?::uuid[], ?::text[], ?::bigint[], ?::float8[], ?::text[], ?::bool[]) as u(d, k, t, n, s, b)
			on conflict (tenant_id, device_id, key) do update
			set ts = excluded.ts, num = excluded.num, str = excluded.str, bool = excluded.bool
			where l.ts <= excluded.ts""";

	private static final String UPSERT_OFFSETS = """
			insert into telemetry_storage_offset (consumer_group, topic, partition, next_offset)
			select ?, ?, p, o from unnest(?::int[], ?::bigint[]) as u(p, o)
			on conflict (consumer_group, topic, partition) do update set next_offset = excluded.next_offset""";

	private final DataSource dataSource;

	ReadingWriter(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Where a partition's next unstored record is. */
	public record Position(int partition, long nextOffset) {
	}

	/**
	 * Stores the readings (heartbeats carry none) and the positions in one transaction; answers how many value rows
	 * it wrote.
	 */
	public int store(String group, String topic, List<TelemetryRecord> records, Collection<Position> positions)
			throws SQLException {
		Map<TenantId, Rows> byTenant = new HashMap<>();
		Map<TenantId, Map<LatestKey, Row>> latest = new HashMap<>();
		for (TelemetryRecord record : records) {
			if (record.values().isEmpty()) {
				continue;
			}
			Rows rows = byTenant.computeIfAbsent(record.tenant(), t -> new Rows());
			Map<LatestKey, Row> newest = latest.computeIfAbsent(record.tenant(), t -> new HashMap<>());
			long micros = ChronoUnit.MICROS.between(Instant.EPOCH, record.ts());
			for (Map.Entry<String, Object> value : record.values().entrySet()) {
				Row row = new Row(record.device().value(), value.getKey(), micros, value.getValue());
				rows.add(row);
				newest.merge(new LatestKey(record.device(), value.getKey()), row, (a, b) -> b.micros >= a.micros ? b : a);
			}
		}
		int written = 0;
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				for (Map.Entry<TenantId, Rows> entry : byTenant.entrySet()) {
					bindTenant(connection, entry.getKey());
					written += execute(connection, INSERT_READINGS, entry.getKey(), entry.getValue());
					Rows newest = new Rows();
					latest.get(entry.getKey())
						.entrySet()
						.stream()
						.sorted(Map.Entry.comparingByKey())
						.forEach(e -> newest.add(e.getValue()));
					execute(connection, UPSERT_LATEST, entry.getKey(), newest);
				}
				try (PreparedStatement statement = connection.prepareStatement(UPSERT_OFFSETS)) {
					statement.setString(1, group);
					statement.setString(2, topic);
					statement.setArray(3, connection.createArrayOf("int4", positions.stream().map(Position::partition).toArray(Integer[]::new)));
					statement.setArray(4, connection.createArrayOf("int8", positions.stream().map(Position::nextOffset).toArray(Long[]::new)));
					statement.executeUpdate();
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException e) {
				connection.rollback();
				throw e;
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
		return written;
	}

	/** The stored positions of a group's partitions on a topic. */
	public Map<Integer, Long> positions(String group, String topic) throws SQLException {
		Map<Integer, Long> positions = new HashMap<>();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select partition, next_offset from telemetry_storage_offset where consumer_group = ? and topic = ?")) {
			statement.setString(1, group);
			statement.setString(2, topic);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					positions.put(rs.getInt(1), rs.getLong(2));
				}
			}
		}
		return positions;
	}

	private static void bindTenant(Connection connection, TenantId tenant) throws SQLException {
		// Transaction-local, like TenantAwareJpaTransactionManager: row-level security checks every row against it.
		try (PreparedStatement statement = connection.prepareStatement("select set_config('cirrus.tenant_id', ?, true)")) {
			statement.setString(1, tenant.toString());
			statement.execute();
		}
	}

	private static int execute(Connection connection, String sql, TenantId tenant, Rows rows) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, tenant.value());
			statement.setArray(2, connection.createArrayOf("uuid", rows.devices.toArray(UUID[]::new)));
			statement.setArray(3, connection.createArrayOf("text", rows.keys.toArray(String[]::new)));
			statement.setArray(4, connection.createArrayOf("int8", rows.micros.toArray(Long[]::new)));
			statement.setArray(5, array(connection, "float8", rows.numbers.toArray(Double[]::new)));
			statement.setArray(6, array(connection, "text", rows.strings.toArray(String[]::new)));
			statement.setArray(7, array(connection, "bool", rows.booleans.toArray(Boolean[]::new)));
			return statement.executeUpdate();
		}
	}

	private static Array array(Connection connection, String type, Object[] values) throws SQLException {
		return connection.createArrayOf(type, values);
	}

	private record LatestKey(DeviceId device, String key) implements Comparable<LatestKey> {

		@Override
		public int compareTo(LatestKey other) {
			int byDevice = device.value().compareTo(other.device.value());
			return byDevice != 0 ? byDevice : key.compareTo(other.key);
		}
	}

	private record Row(UUID device, String key, long micros, Object value) {
	}

	/** Column arrays of one statement; exactly one of number, string, boolean is set per row. */
	private static final class Rows {

		final List<UUID> devices = new ArrayList<>();

		final List<String> keys = new ArrayList<>();

		final List<Long> micros = new ArrayList<>();

		final List<Double> numbers = new ArrayList<>();

		final List<String> strings = new ArrayList<>();

		final List<Boolean> booleans = new ArrayList<>();

		void add(Row row) {
			devices.add(row.device());
			keys.add(row.key());
			micros.add(row.micros());
			numbers.add(row.value() instanceof Number n ? n.doubleValue() : null);
			strings.add(row.value() instanceof String s ? s : null);
			booleans.add(row.value() instanceof Boolean b ? b : null);
		}
	}
}
