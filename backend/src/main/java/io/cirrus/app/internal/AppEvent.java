package io.cirrus.app.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An event as apps evaluate it: a reading, a device's status or registry change, an alarm, a schedule firing, an
 * invocation, or an absence a block noticed.
 *
 * @param kind    {@code telemetry}, {@code device-status}, {@code device-registered}, {@code device-decommissioned},
 *                {@code alarm}, {@code schedule}, {@code http} or {@code absence}
 * @param source  for schedule events the trigger, for absence events the block that raised it; else null
 * @param device  the device it is about, if any
 * @param time    when it happened
 * @param values  readings, or the facts of the event ({@code status}, {@code state}, {@code severity}, ...)
 */
public record AppEvent(String kind, @Nullable String source, @Nullable DeviceContext device, Instant time,
		Map<String, Object> values) {

	public AppEvent {
		values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
	}

	/** The state key of its device; "" for events without one. */
	String deviceKey() {
		return device == null ? "" : device.id();
	}
}
