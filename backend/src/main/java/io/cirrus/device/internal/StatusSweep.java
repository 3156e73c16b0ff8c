package io.cirrus.device.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceProperties;
import io.cirrus.notification.PlatformEvent;
import io.cirrus.notification.Priority;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.persistence.ClusterLock;

/**
 * Detects devices going offline (past their profile's inactivity timeout) and coming back online, and announces
 * each transition once as a {@link PlatformEvent} ({@code device.offline} / {@code device.online}). The status
 * shown everywhere is computed from last-seen; the sweep only remembers what it announced (device.announced_online)
 * so every transition is announced exactly once, by one instance of the cluster (a cluster lock). Beyond
 * {@code maxEventsPerSweep} transitions per tenant and direction, one summary event replaces the individual ones.
 */
@Component
class StatusSweep {

	private static final Logger log = LoggerFactory.getLogger(StatusSweep.class);

	private final DeviceStore store;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final ClusterLock lock;

	private final DeviceProperties properties;

	StatusSweep(DeviceStore store, TransactionTemplate transactions, ApplicationEventPublisher events, ClusterLock lock,
			DeviceProperties properties) {
		this.store = store;
		this.transactions = transactions;
		this.events = events;
		this.lock = lock;
		this.properties = properties;
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
		// Announced after the marks are committed: a failure to notify never re-announces a transition forever.
		var offline = TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.wentOffline(tenant)));
		var online = TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.cameOnline(tenant)));
		announce(tenant, offline, false);
		announce(tenant, online, true);
	}

	private void announce(TenantId tenant, List<DeviceStore.Transition> transitions, boolean online) {
		if (transitions.isEmpty()) {
			return;
		}
		String type = online ? PlatformEvent.DEVICE_ONLINE : PlatformEvent.DEVICE_OFFLINE;
		Priority priority = online ? Priority.NORMAL : Priority.HIGH;
		Instant now = Instant.now();
		if (transitions.size() > properties.maxEventsPerSweep()) {
			String what = transitions.size() + " devices " + (online ? "came back online" : "went offline");
			events.publishEvent(new PlatformEvent(tenant, type, priority, what,
					what + ", e.g. " + String.join(", ", transitions.stream().limit(5).map(DeviceStore.Transition::name).toList())
							+ ". See the Devices view.",
					"/devices", Map.of("count", Integer.toString(transitions.size())), now));
			return;
		}
		for (DeviceStore.Transition t : transitions) {
			String title = "Device " + t.name() + (online ? " is online again" : " went offline");
			String body = online ? "The device " + t.name() + " reports again."
					: "The device " + t.name() + " has not reported since " + t.lastSeen()
							+ ", longer than its profile's inactivity timeout.";
			events.publishEvent(new PlatformEvent(tenant, type, priority, title, body, "/devices/" + t.device(),
					Map.of("deviceId", t.device().toString(), "name", t.name(),
							"lastSeen", String.valueOf(t.lastSeen())),
					now));
		}
	}
}
