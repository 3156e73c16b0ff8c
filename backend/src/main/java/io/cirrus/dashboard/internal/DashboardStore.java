package io.cirrus.dashboard.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cirrus.dashboard.Widget;
import io.cirrus.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard table, in SQL. Callers run in a transaction bound to the tenant (row-level security); every
 * statement names the tenant too.
 */
@Repository
public class DashboardStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COLUMNS = "id, name, description, shared_with, widgets::text, version, created_by,"
			+ " created_at, updated_by, updated_at";

	private final JdbcClient jdbc;

	DashboardStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A dashboard as stored; who may open or edit it is decided by the caller. */
	public record Row(UUID id, String name, String description, List<String> sharedWith, List<Widget> widgets,
			int version, String createdBy, java.time.Instant createdAt, String updatedBy, java.time.Instant updatedAt) {
	}

	public void insert(TenantId tenant, UUID id, DashboardValidator.Checked dashboard, String by) {
		jdbc.sql("insert into dashboard (id, tenant_id, name, description, shared_with, widgets, created_by, updated_by)"
				+ " values (?, ?, ?, ?, ?, ?::jsonb, ?, ?)")
			.params(id, tenant.value(), dashboard.name(), dashboard.description(),
					dashboard.sharedWith().toArray(String[]::new), JSON.writeValueAsString(dashboard.widgets()), by, by)
			.update();
	}

	/** Saves a new state; false when the dashboard is gone. */
	public boolean update(TenantId tenant, UUID id, DashboardValidator.Checked dashboard, String by) {
		return jdbc.sql("update dashboard set name = ?, description = ?, shared_with = ?, widgets = ?::jsonb,"
				+ " version = version + 1, updated_by = ?, updated_at = now() where tenant_id = ? and id = ?")
			.params(dashboard.name(), dashboard.description(), dashboard.sharedWith().toArray(String[]::new),
					JSON.writeValueAsString(dashboard.widgets()), by, tenant.value(), id)
			.update() == 1;
	}

	public boolean delete(TenantId tenant, UUID id) {
		return jdbc.sql("delete from dashboard where tenant_id = ? and id = ?").params(tenant.value(), id).update() == 1;
	}

	/** The dashboard, its row locked until the transaction ends when {@code lock} (saves queue up). */
	public Optional<Row> find(TenantId tenant, UUID id, boolean lock) {
		return jdbc.sql("select " + COLUMNS + " from dashboard where tenant_id = ? and id = ?" + (lock ? " for update" : ""))
			.params(tenant.value(), id)
			.query(DashboardStore::row)
			.optional();
	}

	public Optional<UUID> findByName(TenantId tenant, String name) {
		return jdbc.sql("select id from dashboard where tenant_id = ? and lower(name) = lower(?)")
			.params(tenant.value(), name)
			.query(UUID.class)
			.optional();
	}

	/** Every dashboard of the tenant, by name (a tenant has tens, not thousands). */
	public List<Row> list(TenantId tenant) {
		return jdbc.sql("select " + COLUMNS + " from dashboard where tenant_id = ? order by lower(name), id")
			.params(tenant.value())
			.query(DashboardStore::row)
			.list();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Array shared = rs.getArray("shared_with");
		return new Row(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
				shared == null ? List.of() : Arrays.asList((String[]) shared.getArray()),
				JSON.readValue(rs.getString("widgets"), new TypeReference<List<Widget>>() {
				}), rs.getInt("version"), rs.getString("created_by"),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("updated_by"),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}
}
