package io.cirrus.telemetry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.TestTenant;

/** Devices with tokens in a test tenant, device-side HTTP calls, and what storage holds. */
final class TelemetryFixture {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DeviceRegistry registry;

	TelemetryFixture(JdbcClient jdbc, TransactionTemplate transactions, DeviceRegistry registry) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.registry = registry;
	}

	/** A registered device and its token. */
	record Device(TestTenant tenant, DeviceId id, String token) {
	}

	Device device(TestTenant tenant) {
		var registered = tenant.asDeveloper(() -> registry
			.register(new DeviceRegistry.DeviceRequest("probe-" + UUID.randomUUID().toString().substring(0, 8), null, null, null)));
		return new Device(tenant, registered.device().id(), registered.token());
	}

	/** A tenant with a fixed alias (its own rate limit in application-test.yml), created once per test database. */
	TestTenant tenantWithAlias(String alias) {
		jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?) on conflict (alias) do nothing")
			.params(UUID.randomUUID(), alias, "Test " + alias)
			.update();
		UUID id = jdbc.sql("select id from tenant where alias = ?").param(alias).query(UUID.class).single();
		return new TestTenant(new TenantId(id), alias);
	}

	/** Values stored for the device (all keys of all its readings). */
	long rows(Device device) {
		return count(device.tenant().id(), "select count(*) from telemetry t cross join lateral jsonb_object_keys(t.vals) where tenant_id = ? and device_id = ?",
				device.tenant().id().value(), device.id().value());
	}

	/** Readings stored for the device that carry the key. */
	long rows(Device device, String key) {
		return count(device.tenant().id(), "select count(*) from telemetry where tenant_id = ? and device_id = ? and vals -> ? is not null",
				device.tenant().id().value(), device.id().value(), key);
	}

	/** Distinct numeric values of one key stored for the device. */
	long distinct(Device device, String key) {
		return count(device.tenant().id(),
				"select count(distinct (vals -> ?)::float8) from telemetry where tenant_id = ? and device_id = ?",
				key, device.tenant().id().value(), device.id().value());
	}

	private long count(TenantId tenant, String sql, Object... params) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc.sql(sql).params(params).query(Long.class).single()));
	}

	/** The device endpoint of the application under test ({@code cirrus.telemetry.endpoint.port}). */
	static final String DEVICE_ENDPOINT = "http://127.0.0.1:18081";

	static Answer post(String path, String deviceToken, String json) {
		return post(CirrusIntegrationTest.BASE_URL, path, deviceToken, json);
	}

	/** Posts to {@code base} (the API port, or {@link #DEVICE_ENDPOINT}). */
	static Answer post(String base, String path, String deviceToken, String json) {
		return send(base, path, deviceToken, "application/json", HttpRequest.BodyPublishers.ofString(json));
	}

	static Answer postBytes(String base, String path, String deviceToken, String contentType, byte[] body) {
		return send(base, path, deviceToken, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
	}

	private static Answer send(String base, String path, String deviceToken, String contentType,
			HttpRequest.BodyPublisher body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", contentType)
			.POST(body);
		if (deviceToken != null) {
			request.header("X-Device-Token", deviceToken);
		}
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
