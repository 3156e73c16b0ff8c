package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.telemetry.TelemetryFixture.Device;

/**
 * The per-tenant rate limit: the tenant {@code rate-limited} may send 5 messages/s with a burst of 10
 * (application-test.yml); other tenants are not affected by it.
 */
@CirrusIntegrationTest
class TelemetryRateLimitIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Test
	void answers429WithRetryAfterAndTheLimitsNameOverTheTenantsLimit() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		Device device = fixture.device(fixture.tenantWithAlias("rate-limited"));
		Device other = fixture.device(io.cirrus.test.TestTenant.create(jdbc));

		List<Answer> answers = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			answers.add(TelemetryFixture.post("/api/v1/telemetry", device.token(), "{\"values\": {\"n\": " + i + "}}"));
		}
		long accepted = answers.stream().filter(a -> a.status() == 202).count();
		// The burst, plus what refilled while the requests ran (5/s).
		assertThat(accepted).isBetween(10L, 20L);
		Answer limited = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
		assertThat(limited.contentType()).startsWith("application/problem+json");
		assertThat(limited.json().get("type").asString()).isEqualTo("https://cirrus.io/problems/rate-limited");
		assertThat(limited.json().get("limit").asString()).isEqualTo("telemetry-messages-per-second");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
		assertThat(answers.stream().allMatch(a -> a.status() == 202 || a.status() == 429)).isTrue();

		// The device endpoint shares the tenant's limit and answers it the same way.
		Answer onDeviceEndpoint = TelemetryFixture.post(TelemetryFixture.DEVICE_ENDPOINT, "/api/v1/telemetry", device.token(),
				"{\"values\": {\"n\": 1000}}");
		assertThat(onDeviceEndpoint.status()).isEqualTo(429);
		assertThat(onDeviceEndpoint.json().get("limit").asString()).isEqualTo("telemetry-messages-per-second");
		assertThat(Long.parseLong(onDeviceEndpoint.header("Retry-After"))).isPositive();

		// A batch costs a token per reading: 8 readings do not fit right after the burst is spent.
		Answer batch = TelemetryFixture.post("/api/v1/telemetry", device.token(),
				"[" + String.join(",", java.util.Collections.nCopies(8, "{\"values\": {\"n\": 1}}")) + "]");
		assertThat(batch.status()).isEqualTo(429);

		// Another tenant is not slowed down.
		for (int i = 0; i < 30; i++) {
			assertThat(TelemetryFixture.post("/api/v1/telemetry", other.token(), "{\"values\": {\"n\": 1}}").status()).isEqualTo(202);
		}

		// After Retry-After the tenant may send again, and only the accepted readings were stored.
		Thread.sleep(Long.parseLong(limited.header("Retry-After")) * 1000 + 200);
		assertThat(TelemetryFixture.post("/api/v1/telemetry", device.token(), "{\"values\": {\"n\": 99}}").status()).isEqualTo(202);
		Await.until("accepted readings stored", Duration.ofSeconds(30), () -> fixture.rows(device, "n") == accepted + 1);
		Thread.sleep(500);
		assertThat(fixture.rows(device, "n")).isEqualTo(accepted + 1);
	}
}
