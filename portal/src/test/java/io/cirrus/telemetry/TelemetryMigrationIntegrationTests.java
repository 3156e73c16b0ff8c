package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V38 carries stored telemetry over from one row per reading and key to one row per reading, and latest values to
 * one row per device, on a database of its own migrated up to V37 and filled the old way.
 */
class TelemetryMigrationIntegrationTests {

	private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

	private final String database = "cirrus_migration_" + UUID.randomUUID().toString().substring(0, 8);

	private final String url = "jdbc:postgresql://127.0.0.1:5432/" + database;

	@BeforeEach
	void createDatabase() throws SQLException {
		try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
				Statement statement = admin.createStatement()) {
			statement.execute("create database " + database + " owner cirrus");
		}
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
				Statement statement = admin.createStatement()) {
			statement.execute("drop database if exists " + database + " with (force)");
		}
	}

	@Test
	void readingsAndLatestValuesAreCarriedOver() throws SQLException {
		migrate("37");
		UUID tenant = UUID.randomUUID();
		UUID device = UUID.randomUUID();
		try (Connection owner = DriverManager.getConnection(url, "cirrus", "cirrus");
				Statement sql = owner.createStatement()) {
			sql.execute("insert into tenant (id, alias, name) values ('" + tenant + "', 'migrated', 'Migrated')");
			sql.execute("select set_config('cirrus.tenant_id', '" + tenant + "', false)");
			String values = "insert into telemetry (tenant_id, device_id, key, ts, num, str, bool) values ";
			sql.execute(values + "('" + tenant + "', '" + device + "', 't', '2026-11-29 10:00:00+00', 20.5, null, null),"
					+ "('" + tenant + "', '" + device + "', 'mode', '2026-11-29 10:00:00+00', null, 'eco', null),"
					+ "('" + tenant + "', '" + device + "', 't', '2026-12-01 10:00:00.123456+00', 21, null, null),"
					+ "('" + tenant + "', '" + device + "', 'on', '2026-12-01 10:00:00.123456+00', null, null, true)");
			sql.execute("insert into telemetry_latest (tenant_id, device_id, key, ts, num, str, bool) values "
					+ "('" + tenant + "', '" + device + "', 't', '2026-12-01 10:00:00.123456+00', 21, null, null),"
					+ "('" + tenant + "', '" + device + "', 'mode', '2026-11-30 08:00:00+00', null, 'eco', null)");
		}

		migrate(null);

		try (Connection owner = DriverManager.getConnection(url, "cirrus", "cirrus");
				Statement sql = owner.createStatement()) {
			sql.execute("select set_config('cirrus.tenant_id', '" + tenant + "', false)");
			assertThat(strings(sql, "select vals::text from telemetry where device_id = '" + device + "' order by ts"))
				.containsExactly("{\"t\": 20.5, \"mode\": \"eco\"}", "{\"t\": 21, \"on\": true}");
			assertThat(strings(sql, "select ts::text || ' ' || vals::text from telemetry_latest where device_id = '" + device + "'"))
				.containsExactly("2026-12-01 10:00:00.123456+00 {\"t\": [1796119200123456, 21], \"mode\": [1796025600000000, \"eco\"]}");
			// Another tenant sees none of it: row-level security is forced again after the copy.
			sql.execute("select set_config('cirrus.tenant_id', '" + UUID.randomUUID() + "', false)");
			assertThat(strings(sql, "select vals::text from telemetry")).isEmpty();
			assertThat(strings(sql, "select vals::text from telemetry_latest")).isEmpty();
		}
	}

	private void migrate(String target) {
		var configuration = Flyway.configure()
			.dataSource(url, "cirrus", "cirrus")
			.locations("classpath:db/migration")
			.placeholders(Map.of("app_role", "cirrus_app"))
			.outOfOrder(true);
		if (target != null) {
			configuration.target(target);
		}
		configuration.load().migrate();
	}

	private static List<String> strings(Statement sql, String query) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (ResultSet rs = sql.executeQuery(query)) {
			while (rs.next()) {
				rows.add(rs.getString(1));
			}
		}
		return rows;
	}
}
