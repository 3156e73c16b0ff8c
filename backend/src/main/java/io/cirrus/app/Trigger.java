package io.cirrus.app;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.cirrus.app.AppDocument.DeviceSelector;

/**
 * Where an app's events come from. Device triggers select within the devices the app's permissions grant; without a
 * selector of their own they select all of those.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({ @JsonSubTypes.Type(value = Trigger.Telemetry.class, name = "telemetry"),
		@JsonSubTypes.Type(value = Trigger.DeviceStatus.class, name = "device-status"),
		@JsonSubTypes.Type(value = Trigger.DeviceRegistered.class, name = "device-registered"),
		@JsonSubTypes.Type(value = Trigger.DeviceDecommissioned.class, name = "device-decommissioned"),
		@JsonSubTypes.Type(value = Trigger.Alarm.class, name = "alarm"),
		@JsonSubTypes.Type(value = Trigger.Schedule.class, name = "schedule"),
		@JsonSubTypes.Type(value = Trigger.Http.class, name = "http") })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public sealed interface Trigger {

	/** Names the trigger in rules and traces. */
	String id();

	/** The event kind this trigger produces, as {@code event.kind} shows it. */
	String kind();

	/** The devices it selects; {@code null} for triggers that are not about a device. */
	default @Nullable DeviceSelector devices() {
		return null;
	}

	/** Readings of the selected devices; with keys, only readings that carry at least one of them. */
	record Telemetry(String id, @Nullable DeviceSelector devices, List<String> keys) implements Trigger {

		public Telemetry {
			keys = keys == null ? List.of() : List.copyOf(keys);
		}

		@Override
		public String kind() {
			return "telemetry";
		}
	}

	/** A selected device goes online or offline; either when status is absent. */
	record DeviceStatus(String id, @Nullable DeviceSelector devices, @Nullable String status) implements Trigger {

		@Override
		public String kind() {
			return "device-status";
		}
	}

	/** A selected device is registered. */
	record DeviceRegistered(String id, @Nullable DeviceSelector devices) implements Trigger {

		@Override
		public String kind() {
			return "device-registered";
		}
	}

	/** A selected device is decommissioned. */
	record DeviceDecommissioned(String id, @Nullable DeviceSelector devices) implements Trigger {

		@Override
		public String kind() {
			return "device-decommissioned";
		}
	}

	/** An alarm on a selected device is raised or cleared ({@code on}), of some severities. */
	record Alarm(String id, @Nullable DeviceSelector devices, List<String> on, List<String> severities)
			implements Trigger {

		public Alarm {
			on = on == null || on.isEmpty() ? List.of("raised", "cleared") : List.copyOf(on);
			severities = severities == null ? List.of() : List.copyOf(severities);
		}

		@Override
		public String kind() {
			return "alarm";
		}
	}

	/** Every period, once at a time, or on a cron expression in a time zone (UTC unless given). */
	record Schedule(String id, @Nullable String every, @Nullable String at, @Nullable String cron,
			@Nullable String timeZone) implements Trigger {

		@Override
		public String kind() {
			return "schedule";
		}
	}

	/** A call to the app's own endpoint, {@code POST /api/v1/apps/{id}/invoke}; the body becomes the event's values. */
	record Http(String id) implements Trigger {

		@Override
		public String kind() {
			return "http";
		}
	}
}
