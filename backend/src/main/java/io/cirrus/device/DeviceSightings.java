package io.cirrus.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Records that devices were heard from, in batches: for telemetry and heartbeat consumers (Kafka threads, no
 * tenant context needed). Sightings are reduced to the latest per device, grouped by tenant and written with one
 * statement per tenant and chunk, each in a transaction bound to that tenant. Last-seen only ever moves forward, so
 * replays and out-of-order batches are harmless.
 */
@Service
public class DeviceSightings {

	private static final int CHUNK = 5000;

	private final DeviceStore store;

	private final TransactionTemplate transactions;

	DeviceSightings(DeviceStore store, TransactionTemplate transactions) {
		this.store = store;
		// Always its own transaction per tenant: a caller's transaction may be bound to another tenant (RLS).
		this.transactions = new TransactionTemplate(transactions.getTransactionManager());
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Moves each device's last-seen time forward to the latest of its sightings; unknown devices are ignored. */
	public void seen(Collection<Sighting> sightings) {
		Map<TenantId, Map<DeviceId, Instant>> latest = new HashMap<>();
		for (Sighting sighting : sightings) {
			latest.computeIfAbsent(sighting.tenant(), t -> new HashMap<>())
				.merge(sighting.device(), sighting.at(), (a, b) -> a.isAfter(b) ? a : b);
		}
		latest.forEach((tenant, devices) -> {
			List<DeviceId> ids = new ArrayList<>(devices.keySet());
			// A stable order keeps concurrent batches from deadlocking on the same rows.
			ids.sort(java.util.Comparator.comparing(DeviceId::value));
			for (int from = 0; from < ids.size(); from += CHUNK) {
				List<DeviceId> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
				List<Instant> at = chunk.stream().map(devices::get).toList();
				TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> store.seen(tenant, chunk, at)));
			}
		});
	}
}
