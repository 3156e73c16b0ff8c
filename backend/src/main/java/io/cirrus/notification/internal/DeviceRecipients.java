package io.cirrus.notification.internal;

import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceDecommissioned;
import io.cirrus.device.DeviceRegistered;
import io.cirrus.device.DeviceUpdated;
import io.cirrus.notification.Recipient;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Keeps the tenant's devices in the recipient registry (name and tags, for target expressions) from the device
 * module's events. Synchronous, in the device module's transaction: the recipient commits with the device or not at
 * all, so a broadcast sent right after a device was registered already reaches it, and a decommissioned device is
 * never reached again (docs/adr/0023). Outside a transaction (no publisher does that) it takes one of its own.
 */
@Component
class DeviceRecipients {

	private final NotificationStore store;

	private final TransactionTemplate transactions;

	DeviceRecipients(NotificationStore store, TransactionTemplate transactions) {
		this.store = store;
		this.transactions = transactions;
	}

	@EventListener
	void on(DeviceRegistered event) {
		upsert(event.tenant(), event.device(), event.name(), Set.copyOf(event.tags()));
	}

	@EventListener
	void on(DeviceUpdated event) {
		upsert(event.tenant(), event.device(), event.name(), Set.copyOf(event.tags()));
	}

	@EventListener
	void on(DeviceDecommissioned event) {
		// Its delivery log stays until retention.
		TenantContext.runAs(event.tenant(), () -> transactions
			.executeWithoutResult(tx -> store.removeRecipient(event.tenant(), id(event.device()))));
	}

	private void upsert(TenantId tenant, DeviceId device, String name, Set<String> tags) {
		Recipient recipient = new Recipient(id(device), "device", name, tags, Set.of(), null, null);
		TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> store.upsertRecipient(tenant, recipient)));
	}

	private static String id(DeviceId device) {
		return "device:" + device;
	}
}
