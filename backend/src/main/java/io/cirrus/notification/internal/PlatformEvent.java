package io.cirrus.notification.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.cirrus.notification.Priority;
import io.cirrus.shared.TenantId;

/**
 * Something that happened on the platform, told to people: what the notification module makes of another module's
 * event ({@code DeviceStatusChanged}, {@code AlarmRaised}, ...) before {@link PlatformEvents} turns it into
 * notifications for the users who subscribed to its {@code type}. Only this module builds one; it is no application
 * event, and other modules never see it (docs/adr/0023).
 *
 * @param tenant     whose event it is
 * @param type       one of the {@code *} constants here, e.g. {@link #ALARM_RAISED}; what users subscribe to
 * @param priority   how urgent the resulting notifications are
 * @param title      one line for a person
 * @param body       a few lines for a person
 * @param link       a portal path to the entity (e.g. {@code /devices/<id>}), if any
 * @param data       machine-readable details (ids, values)
 * @param occurredAt when it happened
 * @param key        what tells this event from every other of its type and tenant, drawn from the module event (an
 *                   alarm id, a device and a time): a resubmitted module event finds the notification it made
 */
public record PlatformEvent(TenantId tenant, String type, Priority priority, String title, String body,
		@Nullable String link, Map<String, String> data, Instant occurredAt, String key) {

	/** An app deployment finished: it runs (deployed, rolled back) or it failed. */
	public static final String DEPLOYMENT_FINISHED = "deployment.finished";

	/** An app deployment was scheduled, stopped, paused or resumed. */
	public static final String DEPLOYMENT_CHANGED = "deployment.changed";

	/** A device stopped reporting. */
	public static final String DEVICE_OFFLINE = "device.offline";

	/** A device reports again. */
	public static final String DEVICE_ONLINE = "device.online";

	/** An alarm was raised. */
	public static final String ALARM_RAISED = "alarm.raised";

	/** An alarm was cleared. */
	public static final String ALARM_CLEARED = "alarm.cleared";

	public PlatformEvent {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(priority, "priority");
		Objects.requireNonNull(key, "key");
		data = data == null ? Map.of() : Map.copyOf(data);
	}
}
