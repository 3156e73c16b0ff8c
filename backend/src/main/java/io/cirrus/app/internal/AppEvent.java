package io.cirrus.app.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import com.google.protobuf.Timestamp;

/**
 * An event as apps evaluate it: a reading, a device's status or registry change, an alarm, a schedule firing, an
 * invocation, or an absence a block noticed. One event is evaluated by every app of its tenant, so what each
 * evaluation would derive from it (CEL values, the time as a CEL timestamp, the device's metadata) is derived once
 * and kept.
 */
public final class AppEvent {

	private final String kind;

	private final @Nullable String source;

	private final @Nullable DeviceContext device;

	private final Instant time;

	private final Map<String, Object> values;

	private @Nullable Map<String, Object> celValues;

	private @Nullable Map<String, Object> plainValues;

	private @Nullable Timestamp timestamp;

	private @Nullable Object celMetadata;

	/**
	 * @param kind   {@code telemetry}, {@code device-status}, {@code device-registered},
	 *               {@code device-decommissioned}, {@code alarm}, {@code schedule}, {@code http} or {@code absence}
	 * @param source for schedule events the trigger, for absence events the block that raised it; else null
	 * @param device the device it is about, if any
	 * @param time   when it happened
	 * @param values readings, or the facts of the event ({@code status}, {@code state}, {@code severity}, ...)
	 */
	public AppEvent(String kind, @Nullable String source, @Nullable DeviceContext device, Instant time,
			Map<String, Object> values) {
		this.kind = Objects.requireNonNull(kind, "kind");
		this.source = source;
		this.device = device;
		this.time = Objects.requireNonNull(time, "time");
		this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	public String kind() {
		return kind;
	}

	public @Nullable String source() {
		return source;
	}

	public @Nullable DeviceContext device() {
		return device;
	}

	public Instant time() {
		return time;
	}

	public Map<String, Object> values() {
		return values;
	}

	/** The state key of its device; "" for events without one. */
	String deviceKey() {
		return device == null ? "" : device.id();
	}

	/** The values as CEL reads them (numbers as doubles). */
	Map<String, Object> celValues() {
		if (celValues == null) {
			celValues = Values.readings(values);
		}
		return celValues;
	}

	/** The values as plain JSON-friendly Java, for traces and the latest values of the device. */
	Map<String, Object> plainValues() {
		if (plainValues == null) {
			plainValues = Values.plainMap(values);
		}
		return plainValues;
	}

	Timestamp timestamp() {
		if (timestamp == null) {
			timestamp = Values.timestamp(time);
		}
		return timestamp;
	}

	/** The device's metadata as CEL reads it. */
	Object celMetadata() {
		if (celMetadata == null) {
			celMetadata = device == null ? Map.of() : Values.cel(device.metadata());
		}
		return celMetadata;
	}

	@Override
	public String toString() {
		return "AppEvent[" + kind + (source == null ? "" : " from " + source) + (device == null ? "" : " of " + device.name())
				+ " at " + time + " " + values + "]";
	}
}
