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
 * changing in one direction, one notification about them all, made from the sweep's first event (the others are
 * done at once). Runs after the device module's commit, through the event publication registry (docs/adr/0015,
 * docs/adr/0023).
 */
@Component
class DeviceStatusNotifications {

	private final PlatformEvents platformEvents;

	private final int max;

	DeviceStatusNotifications(PlatformEvents platformEvents, NotificationProperties properties) {
		this.platformEvents = platformEvents;
		this.max = properties.maxDeviceStatusNotifications();
	}

	@Async
	@TransactionalEventListener(fallbackExecution = true)
	void on(DeviceStatusChanged event) {
		if (event.sweep().size() <= max) {
			platformEvents.announce(single(event));
		}
		else if (event.sweep().index() == 0) {
			platformEvents.announce(summary(event));
		}
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
