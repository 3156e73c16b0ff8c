package io.cirrus.device.internal;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceStatus;
import io.cirrus.device.DeviceStatusChanged;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.persistence.ClusterLock;

/**
 * Detects devices going offline (past their profile's inactivity timeout) and coming back online, and publishes a
 * {@link DeviceStatusChanged} per device and transition, in the transaction that records it. The status shown
 * everywhere is computed from last-seen; the sweep only remembers what it announced (device.announced_online) so
 * every transition is announced exactly once, by one instance of the cluster (a cluster lock). Each event says how
 * many transitions the sweep found for its tenant and direction, so listeners can summarise a gateway outage.
 */
@Component
class StatusSweep {

	private static final Logger log = LoggerFactory.getLogger(StatusSweep.class);

	private final DeviceStore store;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ClusterLock lock;

	private final DeviceEventStore history;

	StatusSweep(DeviceStore store, TransactionTemplate transactions, ApplicationEventPublisher events, ClusterLock lock,
			DeviceEventStore history) {
		this.history = history;
		this.store = store;
		this.transactions = transactions;
		this.events = events;
		this.lock = lock;
	}

	@Scheduled(fixedDelayString = "${cirrus.device.sweep-interval:15s}", initialDelayString = "${cirrus.device.sweep-interval:15s}")
	void scheduled() {
		lock.runExclusively("device-status-sweep", this::sweep);
	}

	/** One pass over every tenant. */
	void sweep() {
		List<TenantId> tenants = transactions.execute(tx -> store.tenants());
		for (TenantId tenant : tenants) {
			try {
				sweep(tenant);
			}
			catch (RuntimeException e) {
				log.warn("Device status sweep failed for tenant {}: {}", tenant, e.getMessage());
			}
		}
	}

	void sweep(TenantId tenant) {
		// The marks and the events commit together: the event publication registry keeps the events for listeners
		// that fail later, and a transition whose events could not be stored stays unmarked for the next sweep.
		TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(
				tx -> publish(tenant, store.wentOffline(tenant), DeviceStatus.OFFLINE)));
		TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(
				tx -> publish(tenant, store.cameOnline(tenant), DeviceStatus.ONLINE)));
	}

	private void publish(TenantId tenant, List<DeviceStore.Transition> transitions, DeviceStatus status) {
		Instant now = Instant.now();
		List<String> samples = transitions.stream()
			.limit(DeviceStatusChanged.Sweep.SAMPLES)
			.map(DeviceStore.Transition::name)
			.toList();
		history.recordAll(tenant, transitions.stream().map(DeviceStore.Transition::device).toList(),
				status == DeviceStatus.ONLINE ? "online" : "offline",
				transitions.stream().map(t -> t.lastSeen() == null ? null : "last seen " + t.lastSeen()).toList(), now);
		for (int i = 0; i < transitions.size(); i++) {
			DeviceStore.Transition t = transitions.get(i);
			events.publishEvent(new DeviceStatusChanged(tenant, t.device(), t.name(), status, t.lastSeen(), now,
					new DeviceStatusChanged.Sweep(transitions.size(), i, samples)));
		}
	}
}
