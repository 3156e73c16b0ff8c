package io.cirrus.notification.internal;

import java.util.Map;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cirrus.device.DeviceStatusChanged;
import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.Priority;

/**
 * Tells subscribers of {@code device.offline} and {@code device.online} about a {@link DeviceStatusChanged}: one
 * notification per device, or, when a sweep found more than {@code maxDeviceStatusNotifications} devices of a tenant
 * changing in one direction, one notification about them all, made from the sweep's first event. Runs after the
 * device module's commit, through the event publication registry (docs/adr/0015, docs/adr/0023). The listener's
 * condition leaves the sweep's other events out before the registry stores anything for them: a gateway outage
 * taking 10,000 devices offline costs one publication here, not 10,000 that would each be stored, run and deleted
 * for nothing.
 */
@Component(DeviceStatusNotifications.BEAN)
class DeviceStatusNotifications {

	static final String BEAN = "deviceStatusNotifications";

	private final PlatformEvents platformEvents;

	private final int max;

	DeviceStatusNotifications(PlatformEvents platformEvents, NotificationProperties properties) {
		this.platformEvents = platformEvents;
		this.max = properties.maxDeviceStatusNotifications();
	}

	@Async
	@TransactionalEventListener(fallbackExecution = true, condition = "@" + BEAN + ".announces(#p0)")
	void on(DeviceStatusChanged event) {
		platformEvents.announce(event.sweep().size() <= max ? single(event) : summary(event));
	}

	/** Whether the event gets a notification: its own, or, as the first of a large sweep, the sweep's summary. */
	public boolean announces(DeviceStatusChanged event) {
		return event.sweep().size() <= max || event.sweep().index() == 0;
	}

	static PlatformEvent single(DeviceStatusChanged event) {
		boolean online = event.online();
		String name = event.name();
		String title = "Device " + name + (online ? " is online again" : " went offline");
		String body = online ? "The device " + name + " reports again."
				: "The device " + name + " has not reported since " + event.lastSeen()
						+ ", longer than its profile's inactivity timeout.";
		return new PlatformEvent(event.tenant(), type(event), priority(event), title, body, "/devices/" + event.device(),
				Map.of("deviceId", event.device().toString(), "name", name, "lastSeen", String.valueOf(event.lastSeen())),
				event.occurredAt(), event.device() + " " + event.occurredAt());
	}

	static PlatformEvent summary(DeviceStatusChanged event) {
		DeviceStatusChanged.Sweep sweep = event.sweep();
		String what = sweep.size() + " devices " + (event.online() ? "came back online" : "went offline");
		return new PlatformEvent(event.tenant(), type(event), priority(event), what,
				what + ", e.g. " + String.join(", ", sweep.samples()) + ". See the Devices view.", "/devices",
				Map.of("count", Integer.toString(sweep.size())), event.occurredAt(),
				"sweep " + event.device() + " " + event.occurredAt());
	}

	private static String type(DeviceStatusChanged event) {
		return event.online() ? PlatformEvent.DEVICE_ONLINE : PlatformEvent.DEVICE_OFFLINE;
	}

	private static Priority priority(DeviceStatusChanged event) {
		return event.online() ? Priority.NORMAL : Priority.HIGH;
	}
}
