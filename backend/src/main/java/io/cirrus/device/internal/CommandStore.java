package io.cirrus.device.internal;

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

import io.cirrus.device.CommandState;
import io.cirrus.device.DeviceCommand;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands to devices. Every statement names the tenant (row-level security checks it again); every transition is
 * one conditional update on the state it leaves, so concurrent deliveries, answers and expiry never overwrite each
 * other.
 */
@Repository
@Transactional
public class CommandStore {

	/** The PostgreSQL notification channel of devices with commands to fetch ({@code DeviceChanges}). */
	public static final String COMMANDS_WAITING = "cirrus_device_commands";

	private static final String COLUMNS = "id, device_id, name, params, state, result, created_at, created_by, expires_at, "
			+ "delivered_at, delivered_via, completed_at";

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	CommandStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Tells every instance, when the current transaction commits, that the device has commands to fetch (several
	 * announcements of one device in a transaction arrive once).
	 */
	public void announce(DeviceId device) {
		jdbc.sql("select pg_notify(?, ?)").params(COMMANDS_WAITING, device.toString()).query().singleRow();
	}

	public void insert(TenantId tenant, DeviceCommand command, Instant firstRetry) {
		jdbc.sql("""
				insert into device_command (id, tenant_id, device_id, name, params, state, created_at, created_by,
				    expires_at, next_attempt_at)
				values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""")
			.params(command.id(), tenant.value(), command.device().value(), command.name(),
					json.writeValueAsString(command.params()), command.state().name(), ts(command.createdAt()),
					command.createdBy(), ts(command.expiresAt()), ts(firstRetry))
			.update();
	}

	public Optional<DeviceCommand> find(TenantId tenant, DeviceId device, UUID id) {
		return jdbc.sql("select " + COLUMNS + " from device_command where tenant_id = ? and device_id = ? and id = ?")
			.params(tenant.value(), device.value(), id)
			.query(this::map)
			.optional();
	}

	public List<DeviceCommand> list(TenantId tenant, DeviceId device, int limit) {
		return jdbc.sql("select " + COLUMNS + " from device_command where tenant_id = ? and device_id = ? "
				+ "order by created_at desc, id limit ?")
			.params(tenant.value(), device.value(), limit)
			.query(this::map)
			.list();
	}

	/** The device's pending commands, oldest first: what its MQTT session offers. */
	public List<DeviceCommand> pending(TenantId tenant, DeviceId device, Instant now, int limit) {
		return jdbc.sql("select " + COLUMNS + " from device_command where tenant_id = ? and device_id = ? "
				+ "and state = 'PENDING' and expires_at > ? order by created_at, id limit ?")
			.params(tenant.value(), device.value(), ts(now), limit)
			.query(this::map)
			.list();
	}

	/**
	 * PENDING -> DELIVERED for commands the device received (an MQTT PUBACK). A command the device already answered
	 * (its answer overtook the acknowledgement) keeps its state and only gets the path it was delivered on.
	 */
	public boolean delivered(TenantId tenant, UUID id, String via, Instant at) {
		return jdbc.sql("update device_command set state = case when state = 'PENDING' then 'DELIVERED' else state end, "
				+ "delivered_at = coalesce(delivered_at, ?), delivered_via = ? "
				+ "where tenant_id = ? and id = ? and delivered_via is null")
			.params(ts(at), via, tenant.value(), id)
			.update() == 1;
	}

	/** A pending command announced again: the next announcement after {@code next}. */
	public void retryLater(TenantId tenant, UUID id, Instant next) {
		jdbc.sql("update device_command set attempts = attempts + 1, next_attempt_at = ? "
				+ "where tenant_id = ? and id = ? and state = 'PENDING'")
			.params(ts(next), tenant.value(), id)
			.update();
	}

	/** Claims the device's pending commands for its HTTP poll: PENDING -> DELIVERED (HTTP), oldest first. */
	public List<DeviceCommand> claimForHttp(TenantId tenant, DeviceId device, Instant now, int limit) {
		return jdbc.sql("""
				update device_command set state = 'DELIVERED', delivered_at = ?, delivered_via = 'HTTP'
				where tenant_id = ? and id in (
				    select id from device_command
				    where tenant_id = ? and device_id = ? and state = 'PENDING' and expires_at > ?
				    order by created_at, id limit ? for update skip locked)
				""" + " returning " + COLUMNS)
			.params(ts(now), tenant.value(), tenant.value(), device.value(), ts(now), limit)
			.query(this::map)
			.list()
			.stream()
			.sorted(java.util.Comparator.comparing(DeviceCommand::createdAt))
			.toList();
	}

	/** PENDING | DELIVERED -> SUCCEEDED | FAILED, unless expired; the updated command, or empty when it was not open. */
	public Optional<DeviceCommand> complete(TenantId tenant, DeviceId device, UUID id, CommandState outcome,
			@Nullable Map<String, Object> result, Instant now) {
		return jdbc.sql("""
				update device_command set state = ?, result = ?::jsonb, completed_at = ?,
				    delivered_at = coalesce(delivered_at, ?)
				where tenant_id = ? and device_id = ? and id = ? and state in ('PENDING', 'DELIVERED') and expires_at > ?
				""" + " returning " + COLUMNS)
			.params(outcome.name(), result == null ? null : json.writeValueAsString(result), ts(now), ts(now),
					tenant.value(), device.value(), id, ts(now))
			.query(this::map)
			.optional();
	}

	/** Open commands past their time to live -> EXPIRED; how many. */
	public int expire(TenantId tenant, Instant now) {
		return jdbc.sql("update device_command set state = 'EXPIRED', completed_at = ? "
				+ "where tenant_id = ? and state in ('PENDING', 'DELIVERED') and expires_at <= ?")
			.params(ts(now), tenant.value(), ts(now))
			.update();
	}

	/** How many commands of the tenant are still open (PENDING or DELIVERED). */
	public long countOpen(TenantId tenant) {
		return jdbc.sql("select count(*) from device_command where tenant_id = ? and state in ('PENDING', 'DELIVERED')")
			.param(tenant.value())
			.query(Long.class)
			.single();
	}

	/** Pending commands due for another announcement. */
	public List<DeviceCommand> dueForRetry(TenantId tenant, Instant now, int limit) {
		return jdbc.sql("select " + COLUMNS + " from device_command where tenant_id = ? and state = 'PENDING' "
				+ "and next_attempt_at <= ? and expires_at > ? order by next_attempt_at limit ?")
			.params(tenant.value(), ts(now), ts(now), limit)
			.query(this::map)
			.list();
	}

	private DeviceCommand map(ResultSet rs, int row) throws SQLException {
		String result = rs.getString("result");
		return new DeviceCommand(rs.getObject("id", UUID.class), new DeviceId(rs.getObject("device_id", UUID.class)),
				rs.getString("name"), json.readValue(rs.getString("params"), OBJECT),
				CommandState.valueOf(rs.getString("state")), result == null ? null : json.readValue(result, OBJECT),
				instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "expires_at"),
				instant(rs, "delivered_at"), rs.getString("delivered_via"), instant(rs, "completed_at"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return ts == null ? null : ts.toInstant();
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}
}
