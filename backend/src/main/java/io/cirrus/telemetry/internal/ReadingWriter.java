package io.cirrus.telemetry.internal;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Stores a consumed batch in one PostgreSQL transaction: the readings (one row per reading, its values as jsonb; one
 * statement per tenant, arrays bound as parameters and unnested, as fast as COPY here and usable under row-level
 * security, which refuses COPY FROM), the latest values of each device (one row per device), and the next Kafka
 * offset of every partition in the batch. The offsets commit with the rows, so a consumer that dies anywhere resumes
 * exactly after the last stored batch (ADR 0007). Records that cannot be stored are parked in the same transaction.
 */
@Component
public class ReadingWriter {

	private static final String INSERT_READINGS = """
			insert into telemetry (tenant_id, device_id, ts, vals)
			select ?, d, timestamptz 'epoch' + t * interval '1 microsecond', v::jsonb
			from unnest(?::uuid[], ?::bigint[], ?::text[]) as u(d, t, v)""";

	/**
	 * Every key of a row here was measured at its {@code t}: when that is no older than the newest stored key, the
	 * values replace stored ones by concatenation; a late reading goes through the per-key merge.
	 */
	private static final String UPSERT_LATEST = """
			insert into telemetry_latest as l (tenant_id, device_id, ts, vals)
			select ?, d, timestamptz 'epoch' + t * interval '1 microsecond', v::jsonb
			from unnest(?::uuid[], ?::bigint[], ?::text[]) as u(d, t, v)
			on conflict (tenant_id, device_id) do update
			set ts = greatest(l.ts, excluded.ts),
			    vals = case when excluded.ts >= l.ts then l.vals || excluded.vals
			                else telemetry_latest_merge(l.vals, excluded.vals) end""";

	private static final String INSERT_PARKED = """
			insert into telemetry_parked (consumer_group, topic, partition, "offset", tenant_id, device_id, record_key,
			                              payload, reason)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?)
			on conflict do nothing""";

	private static final String UPSERT_OFFSETS = """
			insert into telemetry_storage_offset (consumer_group, topic, partition, next_offset)
			select ?, ?, p, o from unnest(?::int[], ?::bigint[]) as u(p, o)
			on conflict (consumer_group, topic, partition) do update set next_offset = excluded.next_offset""";

	private static final JsonFactory JSON = new JsonFactory();

	private final DataSource dataSource;

	ReadingWriter(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Where a partition's next unstored record is. */
	public record Position(int partition, long nextOffset) {
	}

	/**
	 * A record storage cannot store (see {@code telemetry_parked}): where it is on the topic, its key and bytes as
	 * they are, and why.
	 */
	public record Parked(int partition, long offset, @Nullable String key, byte[] payload, String reason) {

		public Position next() {
			return new Position(partition, offset + 1);
		}
	}

	/**
	 * Whether PostgreSQL refused the statement for its data (SQLSTATE class 22, data exception, or 23, integrity
	 * constraint violation): the same rows fail again however often they are retried, unlike a lost connection or a
	 * deadlock.
	 */
	public static boolean refusedAsData(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Stores the readings (heartbeats carry none), the parked records and the positions in one transaction; answers
	 * how many readings it wrote.
	 */
	public int store(String group, String topic, List<TelemetryRecord> records, List<Parked> parked,
			Collection<Position> positions) throws SQLException {
		Map<TenantId, Rows> byTenant = new HashMap<>();
		Map<TenantId, Map<DeviceId, Latest>> latest = new HashMap<>();
		for (TelemetryRecord record : records) {
			if (record.values().isEmpty()) {
				continue;
			}
			long micros = ChronoUnit.MICROS.between(Instant.EPOCH, record.ts());
			byTenant.computeIfAbsent(record.tenant(), t -> new Rows())
				.add(record.device().value(), micros, TelemetryRecordJson.values(record.values()));
			latest.computeIfAbsent(record.tenant(), t -> new HashMap<>())
				.computeIfAbsent(record.device(), d -> new Latest())
				.add(micros, record.values());
		}
		int written = 0;
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				for (Map.Entry<TenantId, Rows> entry : byTenant.entrySet()) {
					bindTenant(connection, entry.getKey());
					written += execute(connection, INSERT_READINGS, entry.getKey(), entry.getValue());
					// Sorted by device, so that concurrent consumers lock rows in one order; in rounds, because a
					// statement may change a row once, and a device whose keys were measured at different times in
					// this batch has one row per time (round n holds each device's n-th time, oldest first).
					List<List<Row>> devices = latest.get(entry.getKey())
						.entrySet()
						.stream()
						.sorted(Map.Entry.comparingByKey(Comparator.comparing(DeviceId::value)))
						.map(device -> device.getValue().rows(device.getKey().value()))
						.toList();
					for (int round = 0;; round++) {
						Rows rows = new Rows();
						for (List<Row> times : devices) {
							if (times.size() > round) {
								Row row = times.get(round);
								rows.add(row.device(), row.micros(), row.values());
							}
						}
						if (rows.devices.isEmpty()) {
							break;
						}
						execute(connection, UPSERT_LATEST, entry.getKey(), rows);
					}
				}
				if (!parked.isEmpty()) {
					park(connection, group, topic, parked);
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

	private static void park(Connection connection, String group, String topic, List<Parked> parked)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(INSERT_PARKED)) {
			for (Parked record : parked) {
				String[] key = record.key() == null ? new String[0] : record.key().split(":", 2);
				statement.setString(1, group);
				statement.setString(2, topic);
				statement.setInt(3, record.partition());
				statement.setLong(4, record.offset());
				statement.setObject(5, key.length == 2 ? uuid(key[0]) : null);
				statement.setObject(6, key.length == 2 ? uuid(key[1]) : null);
				// PostgreSQL text holds no NUL: a key is kept as written only when it can be.
				statement.setString(7, record.key() == null ? null : record.key().replace("\0", "\\u0000"));
				statement.setBytes(8, record.payload());
				statement.setString(9, record.reason().replace("\0", "\\u0000"));
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	private static @Nullable UUID uuid(String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
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
			statement.setArray(3, connection.createArrayOf("int8", rows.micros.toArray(Long[]::new)));
			statement.setArray(4, connection.createArrayOf("text", rows.values.toArray(String[]::new)));
			return statement.executeUpdate();
		}
	}

	/** One row of a statement: a device, epoch microseconds, values as JSON. */
	private record Row(UUID device, long micros, String values) {
	}

	/** Column arrays of one statement: device, epoch microseconds, values as JSON. */
	private static final class Rows {

		final List<UUID> devices = new ArrayList<>();

		final List<Long> micros = new ArrayList<>();

		final List<String> values = new ArrayList<>();

		void add(UUID device, long micros, String values) {
			this.devices.add(device);
			this.micros.add(micros);
			this.values.add(values);
		}
	}

	/** The newest value of each key of one device in a batch, and when it was measured. */
	private static final class Latest {

		private final Map<String, Long> micros = new HashMap<>();

		private final Map<String, Object> values = new HashMap<>();

		void add(long at, Map<String, Object> reading) {
			for (Map.Entry<String, Object> value : reading.entrySet()) {
				Long known = micros.get(value.getKey());
				if (known == null || known <= at) {
					micros.put(value.getKey(), at);
					values.put(value.getKey(), value.getValue());
				}
			}
		}

		/** One row per time a key was measured, oldest first, each {key: [micros, value]} of the keys measured then. */
		List<Row> rows(UUID device) {
			Map<Long, List<String>> keysByTime = new TreeMap<>();
			micros.forEach((key, at) -> keysByTime.computeIfAbsent(at, t -> new ArrayList<>()).add(key));
			List<Row> rows = new ArrayList<>(keysByTime.size());
			keysByTime.forEach((at, keys) -> {
				StringWriter out = new StringWriter(16 + 40 * keys.size());
				try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
					json.writeStartObject();
					for (String key : keys) {
						json.writeName(key);
						json.writeStartArray();
						json.writeNumber(at);
						TelemetryRecordJson.value(json, values.get(key));
						json.writeEndArray();
					}
					json.writeEndObject();
				}
				rows.add(new Row(device, at, out.toString()));
			});
			return rows;
		}
	}
}
