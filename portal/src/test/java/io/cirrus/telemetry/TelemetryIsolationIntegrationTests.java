package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.TestTenant;
import io.cirrus.telemetry.TelemetryFixture.Device;

/**
 * Row-level security on stored telemetry: without a filter a tenant sees only its rows, no tenant sees none, and
 * the application cannot reach a day partition around the parent's policy.
 */
@CirrusIntegrationTest
class TelemetryIsolationIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Test
	void storedTelemetryIsVisibleOnlyToItsTenant() {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant owner = TestTenant.create(jdbc);
		TestTenant other = TestTenant.create(jdbc);
		Device device = fixture.device(owner);
		assertThat(TelemetryFixture.post("/api/v1/telemetry", device.token(), "{\"values\": {\"isolated\": 1}}").status())
			.isEqualTo(202);
		Await.until("stored", Duration.ofSeconds(30), () -> fixture.rows(device, "isolated") == 1);

		for (String table : List.of("telemetry", "telemetry_latest")) {
			String sql = "select count(*) from " + table + " where device_id = ?";
			assertThat(count(owner.id(), sql, device)).as(table + " for its tenant").isEqualTo(1);
			assertThat(count(other.id(), sql, device)).as(table + " for another tenant").isZero();
			assertThat(count(null, sql, device)).as(table + " without a tenant").isZero();
		}
		String today = "telemetry_" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
		assertThatThrownBy(() -> count(owner.id(), "select count(*) from " + today + " where device_id = ?", device))
			.rootCause()
			.hasMessageContaining("permission denied");
	}

	private long count(TenantId tenant, String sql, Device device) {
		if (tenant == null) {
			return transactions.execute(tx -> jdbc.sql(sql).param(device.id().value()).query(Long.class).single());
		}
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc.sql(sql).param(device.id().value()).query(Long.class).single()));
	}
}
