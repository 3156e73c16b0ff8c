package io.cirrus.tenant.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.shared.TenantId;
import io.cirrus.tenant.Tenant;

/**
 * The tenant registry table. Not tenant-owned (it is the list of tenants), so it has no row-level security.
 */
@Repository
public class TenantStore {

	private static final String COLUMNS = "id, alias, name, keycloak_org_id, created_at, suspended_at, suspended_reason";

	private final JdbcClient jdbc;

	TenantStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public Optional<Tenant> findByAlias(String alias) {
		return jdbc.sql("select " + COLUMNS + " from tenant where alias = ?").param(alias).query(TenantStore::map).optional();
	}

	@Transactional(readOnly = true)
	public Optional<Tenant> findById(TenantId id) {
		return jdbc.sql("select " + COLUMNS + " from tenant where id = ?").param(id.value()).query(TenantStore::map).optional();
	}

	@Transactional(readOnly = true)
	public List<Tenant> findAll() {
		return jdbc.sql("select " + COLUMNS + " from tenant order by name").query(TenantStore::map).list();
	}

	/** Inserts the tenant unless another sign-in won the race; answers the row that exists afterwards. */
	@Transactional
	public Tenant createIfAbsent(String alias, String name, @Nullable String keycloakOrgId) {
		jdbc.sql("""
				insert into tenant (id, alias, name, keycloak_org_id) values (?, ?, ?, ?)
				on conflict (alias) do nothing""")
			.params(UUID.randomUUID(), alias, name, keycloakOrgId)
			.update();
		return findByAlias(alias).orElseThrow();
	}

	/** Inserts a new tenant; a taken alias is a {@link org.springframework.dao.DuplicateKeyException}. */
	@Transactional
	public Tenant create(String alias, String name, String keycloakOrgId) {
		jdbc.sql("insert into tenant (id, alias, name, keycloak_org_id) values (?, ?, ?, ?)")
			.params(UUID.randomUUID(), alias, name, keycloakOrgId)
			.update();
		return findByAlias(alias).orElseThrow();
	}

	/** Binds a tenant made without its organization's id to that id (never rebinds one already bound). */
	@Transactional
	public Tenant bind(TenantId id, String keycloakOrgId) {
		jdbc.sql("update tenant set keycloak_org_id = ? where id = ? and keycloak_org_id is null").params(keycloakOrgId, id.value()).update();
		return findById(id).orElseThrow();
	}

	/**
	 * Suspends a tenant not suspended yet; answers whether this call suspended it (false: unknown, or suspended
	 * already, whose reason and time stay).
	 */
	@Transactional
	public boolean suspend(TenantId id, String reason, String by, Instant at) {
		return jdbc.sql("""
				update tenant set suspended_at = ?, suspended_reason = ?, suspended_by = ?
				where id = ? and suspended_at is null""")
			.params(Timestamp.from(at), reason, by, id.value())
			.update() == 1;
	}

	/** Resumes a suspended tenant; answers whether this call resumed it. */
	@Transactional
	public boolean resume(TenantId id, String by, Instant at) {
		return jdbc.sql("""
				update tenant set suspended_at = null, suspended_reason = null, suspended_by = null, resumed_at = ?,
				    resumed_by = ?
				where id = ? and suspended_at is not null""")
			.params(Timestamp.from(at), by, id.value())
			.update() == 1;
	}

	/** The suspended tenants: a handful of rows, read by every instance every few seconds. */
	@Transactional(readOnly = true)
	public List<Tenant> findSuspended() {
		return jdbc.sql("select " + COLUMNS + " from tenant where suspended_at is not null").query(TenantStore::map).list();
	}

	private static Tenant map(ResultSet rs, int row) throws SQLException {
		return new Tenant(new TenantId(rs.getObject("id", UUID.class)), rs.getString("alias"), rs.getString("name"),
				rs.getString("keycloak_org_id"), rs.getTimestamp("created_at").toInstant(), instant(rs, "suspended_at"),
				rs.getString("suspended_reason"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp at = rs.getTimestamp(column);
		return at == null ? null : at.toInstant();
	}
}
