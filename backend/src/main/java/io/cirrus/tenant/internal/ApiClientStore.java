package io.cirrus.tenant.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.shared.TenantId;
import io.cirrus.tenant.ApiClient;

/** The {@code api_client} table: the tenant's API clients (row-level security keeps to the caller's tenant). */
@Repository
public class ApiClientStore {

	private static final String COLUMNS = "id, client_id, name, role, created_by, created_at, secret_rotated_at";

	private final JdbcClient jdbc;

	ApiClientStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A client and where the identity provider keeps it. */
	public record Stored(ApiClient client, String providerId) {
	}

	@Transactional
	public ApiClient insert(TenantId tenant, ApiClient client, String providerId) {
		jdbc.sql("""
				insert into api_client (id, tenant_id, client_id, keycloak_id, name, role, created_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(client.id(), tenant.value(), client.clientId(), providerId, client.name(), client.role(),
					client.createdBy(), Timestamp.from(client.createdAt()))
			.update();
		return client;
	}

	@Transactional(readOnly = true)
	public List<ApiClient> list(TenantId tenant) {
		return jdbc.sql("select " + COLUMNS + " from api_client where tenant_id = ? order by created_at, id")
			.param(tenant.value())
			.query(ApiClientStore::map)
			.list();
	}

	@Transactional(readOnly = true)
	public Optional<Stored> find(TenantId tenant, UUID id) {
		return jdbc.sql("select " + COLUMNS + ", keycloak_id from api_client where tenant_id = ? and id = ?")
			.params(tenant.value(), id)
			.query((rs, n) -> new Stored(map(rs, n), rs.getString("keycloak_id")))
			.optional();
	}

	@Transactional
	public ApiClient rotated(TenantId tenant, UUID id, String by, Instant at) {
		jdbc.sql("update api_client set secret_rotated_by = ?, secret_rotated_at = ? where tenant_id = ? and id = ?")
			.params(by, Timestamp.from(at), tenant.value(), id)
			.update();
		return find(tenant, id).orElseThrow().client();
	}

	@Transactional
	public void delete(TenantId tenant, UUID id) {
		jdbc.sql("delete from api_client where tenant_id = ? and id = ?").params(tenant.value(), id).update();
	}

	private static ApiClient map(ResultSet rs, int row) throws SQLException {
		Timestamp rotated = rs.getTimestamp("secret_rotated_at");
		return new ApiClient(rs.getObject("id", UUID.class), rs.getString("client_id"), rs.getString("name"),
				rs.getString("role"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
				rotated == null ? null : rotated.toInstant());
	}
}
