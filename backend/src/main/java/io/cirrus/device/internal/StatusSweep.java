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
 * many transitions the sweep found for its tenant and direction, so listeners can summarise a gateway outage. A
 * sweep first asks, in one query across tenants, which tenants have a transition at all (V61), and visits only those:
 * visiting every tenant, two transactions each, made a sweep's time grow with the number of tenants.
 */
@Component
class StatusSweep {

	private static final Logger log = LoggerFactory.getLogger(StatusSweep.class);

	/** A sweep taking longer than this is logged with what it did. */
	private static final long SLOW_MS = 1000;

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

	/**
	 * At a fixed rate, not after a fixed delay: with virtual threads Spring's scheduler runs every fixed-delay task on
	 * its one scheduler thread, one after another, so the sweep waited behind slow tasks (loops over every tenant);
	 * a fixed-rate run gets a thread of its own. Runs never overlap: one that finds the cluster lock taken, by another
	 * instance or by this instance's previous run, does nothing.
	 */
	@Scheduled(fixedRateString = "${cirrus.device.sweep-interval:15s}", initialDelayString = "${cirrus.device.sweep-interval:15s}")
	void scheduled() {
		lock.runExclusively("device-status-sweep", this::sweep);
	}

	/** One pass over the tenants with a device whose status changed since it was announced. */
	void sweep() {
		long started = System.nanoTime();
		List<TenantId> tenants = transactions.execute(tx -> store.tenantsWithTransitions());
		int transitions = 0;
		for (TenantId tenant : tenants) {
			try {
				transitions += sweep(tenant);
			}
			catch (RuntimeException e) {
				log.warn("Device status sweep failed for tenant {}: {}", tenant, e.getMessage());
			}
		}
		long ms = (System.nanoTime() - started) / 1_000_000;
		if (ms >= SLOW_MS) {
			log.info("Device status sweep took {} ms: {} tenants with {} transitions", ms, tenants.size(), transitions);
		}
	}

	/** Announces the tenant's transitions; answers how many. */
	int sweep(TenantId tenant) {
		// The marks and the events commit together: the event publication registry keeps the events for listeners
		// that fail later, and a transition whose events could not be stored stays unmarked for the next sweep.
		Integer offline = TenantContext.callAs(tenant, () -> transactions.execute(
				tx -> publish(tenant, store.wentOffline(tenant), DeviceStatus.OFFLINE)));
		Integer online = TenantContext.callAs(tenant, () -> transactions.execute(
				tx -> publish(tenant, store.cameOnline(tenant), DeviceStatus.ONLINE)));
		return (offline == null ? 0 : offline) + (online == null ? 0 : online);
	}

	private int publish(TenantId tenant, List<DeviceStore.Transition> transitions, DeviceStatus status) {
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
		return transitions.size();
	}
}
