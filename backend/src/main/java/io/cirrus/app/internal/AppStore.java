package io.cirrus.app.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cirrus.app.AppDocument;
import io.cirrus.app.AppFormat;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppSummary;
import io.cirrus.app.AppValidation;
import io.cirrus.app.AppVersion;
import io.cirrus.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app tables, in SQL. Callers run in a transaction bound to the tenant (row-level security); every statement
 * names the tenant too.
 */
@Repository
public class AppStore {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SUMMARY = """
			select a.id, a.name, a.description, a.latest_version, v.valid, v.problems::text as problems, a.created_by,
			  a.created_at, a.updated_by, a.updated_at
			from app a join app_version v on v.tenant_id = a.tenant_id and v.app_id = a.id and v.version = a.latest_version
			""";

	private final JdbcClient jdbc;

	AppStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insertApp(TenantId tenant, UUID id, String name, @Nullable String description, String by) {
		jdbc.sql("insert into app (id, tenant_id, name, description, latest_version, created_by, updated_by)"
				+ " values (?, ?, ?, ?, 1, ?, ?)")
			.params(id, tenant.value(), name, description, by, by)
			.update();
	}

	/** The next version number, with the app's row locked until the transaction ends (saves queue up). */
	public Optional<Integer> lockForNewVersion(TenantId tenant, UUID app) {
		return jdbc.sql("select latest_version from app where tenant_id = ? and id = ? for update")
			.params(tenant.value(), app)
			.query(Integer.class)
			.optional()
			.map(latest -> latest + 1);
	}

	public void insertVersion(TenantId tenant, UUID app, int version, AppFormat format, String source,
			@Nullable AppDocument document, AppValidation validation, String by) {
		jdbc.sql("insert into app_version (tenant_id, app_id, version, format, source, document, valid, problems,"
				+ " validated_at, created_by) values (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, now(), ?)")
			.params(tenant.value(), app, version, format.id(), source,
					document == null ? null : JSON.writeValueAsString(document), validation.valid(),
					JSON.writeValueAsString(validation.problems()), by)
			.update();
	}

	/** Moves the app to its new latest version, taking its name and description. */
	public void updateLatest(TenantId tenant, UUID app, int version, String name, @Nullable String description, String by) {
		jdbc.sql("update app set latest_version = ?, name = ?, description = ?, updated_by = ?, updated_at = now()"
				+ " where tenant_id = ? and id = ?")
			.params(version, name, description, by, tenant.value(), app)
			.update();
	}

	public void updateValidation(TenantId tenant, UUID app, int version, AppValidation validation) {
		jdbc.sql("update app_version set valid = ?, problems = ?::jsonb, validated_at = now()"
				+ " where tenant_id = ? and app_id = ? and version = ?")
			.params(validation.valid(), JSON.writeValueAsString(validation.problems()), tenant.value(), app, version)
			.update();
	}

	public Optional<AppSummary> find(TenantId tenant, UUID app) {
		return jdbc.sql(SUMMARY + " where a.tenant_id = ? and a.id = ?")
			.params(tenant.value(), app)
			.query(AppStore::summary)
			.optional();
	}

	public Optional<AppSummary> findByName(TenantId tenant, String name) {
		return jdbc.sql(SUMMARY + " where a.tenant_id = ? and a.name = ?")
			.params(tenant.value(), name)
			.query(AppStore::summary)
			.optional();
	}

	public List<AppSummary> list(TenantId tenant, @Nullable String nameContains, int offset, int limit) {
		String filter = nameContains == null || nameContains.isBlank() ? "" : " and a.name ilike ? escape '\\'";
		var spec = jdbc.sql(SUMMARY + " where a.tenant_id = ?" + filter + " order by lower(a.name), a.id limit ? offset ?")
			.param(tenant.value());
		if (!filter.isEmpty()) {
			spec = spec.param(contains(nameContains));
		}
		return spec.param(limit).param(offset).query(AppStore::summary).list();
	}

	/** How many apps the tenant has whose name contains the text (all without one). */
	public long count(TenantId tenant, @Nullable String nameContains) {
		if (nameContains == null || nameContains.isBlank()) {
			return jdbc.sql("select count(*) from app where tenant_id = ?").param(tenant.value()).query(Long.class).single();
		}
		return jdbc.sql("select count(*) from app where tenant_id = ? and name ilike ? escape '\\'")
			.params(tenant.value(), contains(nameContains))
			.query(Long.class)
			.single();
	}

	private static String contains(String text) {
		return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	public Optional<AppVersion> version(TenantId tenant, UUID app, int version) {
		return jdbc.sql("select app_id, version, format, source, document::text as document, valid, problems::text as problems,"
				+ " validated_at, created_by, created_at from app_version where tenant_id = ? and app_id = ? and version = ?")
			.params(tenant.value(), app, version)
			.query(AppStore::version)
			.optional();
	}

	/** Every version, newest first, without their text (a list, not an archive). */
	public List<AppVersion> versions(TenantId tenant, UUID app) {
		return jdbc.sql("select app_id, version, format, '' as source, null as document, valid, problems::text as problems,"
				+ " validated_at, created_by, created_at from app_version where tenant_id = ? and app_id = ?"
				+ " order by version desc")
			.params(tenant.value(), app)
			.query(AppStore::version)
			.list();
	}

	public int delete(TenantId tenant, UUID app) {
		return jdbc.sql("delete from app where tenant_id = ? and id = ?").params(tenant.value(), app).update();
	}

	private static AppSummary summary(ResultSet rs, int row) throws SQLException {
		AppValidation validation = AppValidation.of(problems(rs.getString("problems")));
		return new AppSummary(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
				rs.getInt("latest_version"), rs.getBoolean("valid"), validation.errors(), validation.warnings(),
				rs.getString("created_by"), instant(rs, "created_at"), rs.getString("updated_by"), instant(rs, "updated_at"));
	}

	private static AppVersion version(ResultSet rs, int row) throws SQLException {
		String document = rs.getString("document");
		return new AppVersion(rs.getObject("app_id", UUID.class), rs.getInt("version"),
				AppFormat.parse(rs.getString("format")), rs.getString("source"),
				document == null ? null : JSON.readValue(document, AppDocument.class),
				AppValidation.of(problems(rs.getString("problems"))), instant(rs, "validated_at"),
				rs.getString("created_by"), instant(rs, "created_at"));
	}

	private static List<AppProblem> problems(String json) {
		return JSON.readValue(json, new TypeReference<List<AppProblem>>() {
		});
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}
}
