package io.cirrus.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.test.CirrusIntegrationTest;

/**
 * The second wall of tenant isolation: PostgreSQL row-level security, with the application's own role and
 * transaction manager. The queries here deliberately forget the tenant filter.
 */
@CirrusIntegrationTest
class RowLevelSecurityIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	TenantId red = TenantId.random();

	TenantId blue = TenantId.random();

	@BeforeEach
	void twoTenantsWithSettings() {
		for (TenantId tenant : List.of(red, blue)) {
			jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?)")
				.params(tenant.value(), "rls-" + tenant.value().toString().substring(0, 8), "RLS " + tenant)
				.update();
			TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
					insert into tenant_settings (tenant_id, display_name, time_zone, updated_at, updated_by)
					values (?, ?, 'UTC', now(), 'test')""").params(tenant.value(), "Settings of " + tenant).update()));
		}
	}

	@AfterEach
	void removeTenants() {
		// tenant_settings rows go with their tenant (on delete cascade); the tenant table has no RLS.
		jdbc.sql("delete from tenant where id in (?, ?)").params(red.value(), blue.value()).update();
	}

	@Test
	void applicationRoleCannotBypassRowLevelSecurity() {
		var role = jdbc.sql("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")
			.query((rs, n) -> List.of(rs.getBoolean(1), rs.getBoolean(2)))
			.single();
		assertThat(role).containsExactly(false, false);
		Boolean forced = jdbc.sql("select relforcerowsecurity from pg_class where relname = 'tenant_settings'")
			.query(Boolean.class)
			.single();
		assertThat(forced).isTrue();
	}

	@Test
	void queryWithoutTenantFilterSeesOnlyItsTenantsRows() {
		List<UUID> seenByRed = TenantContext.callAs(red, () -> transactions
			.execute(tx -> jdbc.sql("select tenant_id from tenant_settings").query(UUID.class).list()));
		assertThat(seenByRed).containsExactly(red.value());

		List<UUID> seenByBlue = TenantContext.callAs(blue, () -> transactions
			.execute(tx -> jdbc.sql("select tenant_id from tenant_settings").query(UUID.class).list()));
		assertThat(seenByBlue).containsExactly(blue.value());
	}

	@Test
	void withoutTenantNoRowIsVisible() {
		Integer visible = transactions
			.execute(tx -> jdbc.sql("select count(*) from tenant_settings").query(Integer.class).single());
		assertThat(visible).isZero();
	}

	@Test
	void aTenantCannotWriteAnotherTenantsRows() {
		Integer updated = TenantContext.callAs(red, () -> transactions.execute(tx -> jdbc
			.sql("update tenant_settings set display_name = 'hijacked' where tenant_id = ?")
			.param(blue.value())
			.update()));
		assertThat(updated).isZero();

		assertThatThrownBy(() -> TenantContext.runAs(red, () -> transactions.executeWithoutResult(tx -> jdbc
			.sql("update tenant_settings set tenant_id = ? where tenant_id = ?")
			.params(blue.value(), red.value())
			.update()))).rootCause().hasMessageContaining("row-level security");
	}
}
