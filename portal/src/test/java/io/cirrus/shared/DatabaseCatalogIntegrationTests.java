package io.cirrus.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.test.CirrusIntegrationTest;

/**
 * Tenant isolation and least privilege read from PostgreSQL's catalog, not from a hand-kept list: every table with
 * a {@code tenant_id} has row-level security enabled and forced (but the few that are tenant-free by design, each
 * with its reason), and the application's role owns nothing and holds no grant beyond reading and writing rows.
 */
@CirrusIntegrationTest
class DatabaseCatalogIntegrationTests {

	/** Tables that carry a tenant id without row-level security, and why each must. */
	static final Map<String, String> TENANT_FREE_BY_DESIGN = Map.of(
			"device_token", "a device presents only its token: this lookup decides the tenant (holds hashes and ids only)",
			"device_provision_key", "a provisioning request presents only its key: this lookup decides the tenant",
			"notification_dispatch", "the outbox relay publishes every tenant's due rows; it holds ids and lanes only",
			"telemetry_parked", "records storage could not store, for the operator across tenants");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void everyTableWithATenantIdHasRowLevelSecurityEnabledAndForced() {
		List<String> unprotected = jdbc.sql("""
				select c.relname from pg_class c
				  join pg_namespace n on n.oid = c.relnamespace
				  join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
				where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
				  and not (c.relrowsecurity and c.relforcerowsecurity)
				order by 1""")
			.query(String.class)
			.list();
		assertThat(unprotected).as("tables with a tenant_id but without enabled and forced row-level security")
			.containsExactlyInAnyOrderElementsOf(TENANT_FREE_BY_DESIGN.keySet());
		List<String> policyless = jdbc.sql("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and c.relrowsecurity
				  and not exists (select 1 from pg_policy p where p.polrelid = c.oid)""")
			.query(String.class)
			.list();
		assertThat(policyless).as("tables with row-level security but no policy (they would show nothing)").isEmpty();
	}

	@Test
	void theApplicationRoleOwnsNothingAndHoldsNoGrantBeyondRows() {
		assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("cirrus_app");
		assertThat(jdbc.sql("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user""").query(String.class).list())
			.as("objects the application role owns").isEmpty();
		assertThat(jdbc.sql("select has_schema_privilege(current_user, 'public', 'CREATE')").query(Boolean.class).single())
			.as("may create objects in the schema").isFalse();
		assertThat(jdbc.sql("""
				select table_name || ' ' || privilege_type from information_schema.role_table_grants
				where grantee = current_user and privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')""")
			.query(String.class)
			.list()).as("grants beyond reading and writing rows").isEmpty();
		assertThat(jdbc.sql("""
				select privilege_type from information_schema.role_table_grants
				where grantee = current_user and table_name = 'flyway_schema_history' and privilege_type <> 'SELECT'""")
			.query(String.class)
			.list()).as("writes on the migration history").isEmpty();
	}

	@Test
	void functionsWithTheOwnersRightsSearchTheCatalogFirstAndTemporaryObjectsLast() {
		assertThat(jdbc.sql("""
				select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				where n.nspname = 'public' and p.prosecdef""").query(Long.class).single())
			.as("security definer functions").isPositive();
		assertThat(jdbc.sql("""
				select p.proname || ': ' || coalesce(array_to_string(p.proconfig, ';'), 'no search_path')
				from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				where n.nspname = 'public' and p.prosecdef
				  and coalesce(array_to_string(p.proconfig, ';'), '') !~ '^search_path=pg_catalog, .*pg_temp$'""")
			.query(String.class)
			.list()).as("security definer functions whose search_path lets a caller's objects in").isEmpty();
	}

	@Test
	void thePartitionFunctionKeepsTodaysReadingsAndCreatesBoundedDaysWhateverItIsCalledWith() {
		// In a transaction rolled back: with retention clamped to one day it drops older days other tests wrote.
		new TransactionTemplate(transactions).executeWithoutResult(status -> {
			jdbc.sql("select telemetry_maintain_partitions(0, 100000, -5)").query(Integer.class).single();
			assertThat(jdbc.sql("select to_regclass('telemetry_' || to_char(current_date, 'YYYYMMDD')) is not null")
				.query(Boolean.class)
				.single()).as("today's partition after a call with retention -5").isTrue();
			assertThat(jdbc.sql("""
					select count(*) from pg_inherits i join pg_class c on c.oid = i.inhrelid
					where i.inhparent = 'telemetry'::regclass and c.relname ~ '^telemetry_[0-9]{8}$'
					  and to_date(substr(c.relname, 11), 'YYYYMMDD') > current_date + 31""")
				.query(Long.class)
				.single()).as("partitions created more than 31 days ahead").isZero();
			status.setRollbackOnly();
		});
	}
}
