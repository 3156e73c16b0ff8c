package io.cirrus.device;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Resolves a device named by its id alone, without a tenant: for traffic whose sender the broker already
 * authenticated and whose routing key names the device (MQTT publications, {@code devices.<id>.…}). Only devices
 * with active credentials are found: the tenant comes from the tenant-free token table, the device row is then read
 * with that tenant bound. Answers are cached for five seconds.
 */
@Service
public class DeviceLookup {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Cache<DeviceId, Optional<AuthenticatedDevice>> cache = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(200_000)
		.build();

	DeviceLookup(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions.getTransactionManager());
		this.transactions.setReadOnly(true);
	}

	void evict(DeviceId device) {
		cache.invalidate(device);
	}

	void evictAll() {
		cache.invalidateAll();
	}

	/** The device with active credentials and this id, if any. */
	public Optional<AuthenticatedDevice> active(DeviceId device) {
		return cache.get(device, this::load);
	}

	private Optional<AuthenticatedDevice> load(DeviceId device) {
		Optional<UUID> tenant = transactions.execute(tx -> jdbc.sql("select tenant_id from device_token where device_id = ?")
			.param(device.value())
			.query(UUID.class)
			.optional());
		return tenant.map(TenantId::new).flatMap(t -> TenantContext.callAs(t, () -> transactions.execute(tx -> jdbc
			.sql("select name, profile_id from device where tenant_id = ? and id = ? and decommissioned_at is null")
			.params(t.value(), device.value())
			.query((rs, row) -> new AuthenticatedDevice(t, device, rs.getString("name"), rs.getObject("profile_id", UUID.class)))
			.optional())));
	}
}
