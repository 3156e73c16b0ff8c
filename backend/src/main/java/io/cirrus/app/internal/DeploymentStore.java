package io.cirrus.app.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cirrus.app.ActiveDeployment;
import io.cirrus.app.AppDeployment;
import io.cirrus.app.DeploymentState;
import io.cirrus.app.DeploymentTransition;
import io.cirrus.shared.TenantId;

/**
 * The deployment tables, in SQL. Callers run in a transaction bound to the tenant (row-level security); every
 * statement names the tenant too.
 */
@Repository
public class DeploymentStore {

	private static final String COLUMNS = "id, app_id, version, state, scheduled_for, activated_at, ended_at,"
			+ " rollback_of, reason, created_by, created_at, updated_at";

	private final JdbcClient jdbc;

	DeploymentStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The app's name, with its row locked until the transaction ends: deployments of one app queue up. */
	public Optional<String> lockApp(TenantId tenant, UUID app) {
		return jdbc.sql("select name from app where tenant_id = ? and id = ? for update")
			.params(tenant.value(), app)
			.query(String.class)
			.optional();
	}

	public void insert(TenantId tenant, UUID id, UUID app, int version, DeploymentState state,
			@Nullable Instant scheduledFor, @Nullable Integer rollbackOf, @Nullable String reason, String by, Instant at) {
		jdbc.sql("insert into app_deployment (id, tenant_id, app_id, version, state, scheduled_for, rollback_of, reason,"
				+ " created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, tenant.value(), app, version, state.name(), ts(scheduledFor), rollbackOf, reason, by, ts(at), ts(at))
			.update();
	}

	/** Moves a deployment to a state; {@code activatedAt} and {@code endedAt} are kept when null. */
	public void update(TenantId tenant, UUID id, DeploymentState state, @Nullable String reason,
			@Nullable Instant activatedAt, @Nullable Instant endedAt, Instant at) {
		jdbc.sql("update app_deployment set state = ?, reason = ?, activated_at = coalesce(?, activated_at),"
				+ " ended_at = coalesce(?, ended_at), updated_at = ? where tenant_id = ? and id = ?")
			.params(state.name(), reason, ts(activatedAt), ts(endedAt), ts(at), tenant.value(), id)
			.update();
	}

	public void insertTransition(TenantId tenant, UUID deployment, UUID app, @Nullable DeploymentState from,
			DeploymentState to, Instant at, String by, @Nullable String reason) {
		jdbc.sql("insert into app_deployment_transition (id, tenant_id, deployment_id, app_id, from_state, to_state, at,"
				+ " by_user, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID(), tenant.value(), deployment, app, from == null ? null : from.name(), to.name(), ts(at),
					by, reason)
			.update();
	}

	public Optional<AppDeployment> find(TenantId tenant, UUID app, UUID id) {
		return jdbc.sql("select " + COLUMNS + " from app_deployment where tenant_id = ? and app_id = ? and id = ?")
			.params(tenant.value(), app, id)
			.query(DeploymentStore::deployment)
			.optional();
	}

	/** The app a deployment belongs to. */
	public Optional<UUID> appOf(TenantId tenant, UUID deployment) {
		return jdbc.sql("select app_id from app_deployment where tenant_id = ? and id = ?")
			.params(tenant.value(), deployment)
			.query(UUID.class)
			.optional();
	}

	/** The app's live deployment (DEPLOYING, RUNNING or PAUSED), if any. */
	public Optional<AppDeployment> live(TenantId tenant, UUID app) {
		return jdbc.sql("select " + COLUMNS + " from app_deployment where tenant_id = ? and app_id = ?"
				+ " and state in ('DEPLOYING', 'RUNNING', 'PAUSED')")
			.params(tenant.value(), app)
			.query(DeploymentStore::deployment)
			.optional();
	}

	/** The live deployments of these apps. */
	public List<AppDeployment> live(TenantId tenant, List<UUID> apps) {
		if (apps.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select " + COLUMNS + " from app_deployment where tenant_id = :tenant and app_id in (:apps)"
				+ " and state in ('DEPLOYING', 'RUNNING', 'PAUSED')")
			.param("tenant", tenant.value())
			.param("apps", apps)
			.query(DeploymentStore::deployment)
			.list();
	}

	/** The app's deployments waiting for their time. */
	public List<AppDeployment> scheduled(TenantId tenant, UUID app) {
		return jdbc.sql("select " + COLUMNS + " from app_deployment where tenant_id = ? and app_id = ?"
				+ " and state = 'SCHEDULED' order by scheduled_for, id")
			.params(tenant.value(), app)
			.query(DeploymentStore::deployment)
			.list();
	}

	/** The app's most recent deployment that ran and was stopped, if any. */
	public Optional<AppDeployment> lastStopped(TenantId tenant, UUID app) {
		return jdbc.sql("select " + COLUMNS + " from app_deployment where tenant_id = ? and app_id = ?"
				+ " and state = 'STOPPED' and activated_at is not null order by ended_at desc nulls last, updated_at desc limit 1")
			.params(tenant.value(), app)
			.query(DeploymentStore::deployment)
			.optional();
	}

	/** The app's deployments, newest first, without their steps. */
	public List<AppDeployment> list(TenantId tenant, UUID app, int limit) {
		return jdbc.sql("select " + COLUMNS + " from app_deployment where tenant_id = ? and app_id = ?"
				+ " order by created_at desc, id limit ?")
			.params(tenant.value(), app, limit)
			.query(DeploymentStore::deployment)
			.list();
	}

	public List<DeploymentTransition> transitions(TenantId tenant, UUID deployment) {
		return jdbc.sql("select from_state, to_state, at, by_user, reason from app_deployment_transition"
				+ " where tenant_id = ? and deployment_id = ? order by at, seq")
			.params(tenant.value(), deployment)
			.query((rs, row) -> new DeploymentTransition(state(rs.getString("from_state")),
					DeploymentState.valueOf(rs.getString("to_state")), instant(rs, "at"), rs.getString("by_user"),
					rs.getString("reason")))
			.list();
	}

	/** The tenant's running and paused deployments, with their apps' names. */
	public List<ActiveDeployment> active(TenantId tenant) {
		return jdbc.sql("select d.id, d.app_id, a.name, d.version, d.state, d.activated_at from app_deployment d"
				+ " join app a on a.tenant_id = d.tenant_id and a.id = d.app_id"
				+ " where d.tenant_id = ? and d.state in ('RUNNING', 'PAUSED') order by d.activated_at, d.id")
			.param(tenant.value())
			.query((rs, row) -> new ActiveDeployment(tenant, rs.getObject("app_id", UUID.class), rs.getString("name"),
					rs.getObject("id", UUID.class), rs.getInt("version"), DeploymentState.valueOf(rs.getString("state")),
					instant(rs, "activated_at")))
			.list();
	}

	/** The tenants with a running or paused deployment, in one query across tenants (V61). */
	public List<TenantId> tenantsWithActiveDeployments() {
		return jdbc.sql("select app_deployment_active_tenants()")
			.query((rs, row) -> new TenantId(rs.getObject(1, UUID.class)))
			.list();
	}

	private static AppDeployment deployment(ResultSet rs, int row) throws SQLException {
		return new AppDeployment(rs.getObject("id", UUID.class), rs.getObject("app_id", UUID.class), rs.getInt("version"),
				DeploymentState.valueOf(rs.getString("state")), nullable(rs, "scheduled_for"), nullable(rs, "activated_at"),
				nullable(rs, "ended_at"), rs.getObject("rollback_of", Integer.class),
				rs.getString("reason"), rs.getString("created_by"), instant(rs, "created_at"), instant(rs, "updated_at"),
				List.of());
	}

	private static @Nullable DeploymentState state(@Nullable String name) {
		return name == null ? null : DeploymentState.valueOf(name);
	}

	private static @Nullable OffsetDateTime ts(@Nullable Instant at) {
		return at == null ? null : at.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static @Nullable Instant nullable(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	/** Every live deployment (DEPLOYING, RUNNING or PAUSED) of the tenant. */
	public List<AppDeployment> liveAll(TenantId tenant) {
		return jdbc.sql("select " + COLUMNS + " from app_deployment where tenant_id = ?"
				+ " and state in ('DEPLOYING', 'RUNNING', 'PAUSED') order by app_id")
			.param(tenant.value())
			.query(DeploymentStore::deployment)
			.list();
	}
}
