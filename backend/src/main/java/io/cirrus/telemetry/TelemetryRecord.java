package io.cirrus.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/**
 * One message of device traffic as it travels on the telemetry topic (JSON, keyed {@link #key()}): a reading with
 * its values, or a heartbeat without any. Every consumer group (storage, health, rules) reads this type; it is the
 * contract between ingest and everything downstream, so fields are only ever added.
 *
 * @param tenant     the device's tenant
 * @param device     the device
 * @param kind       reading or heartbeat
 * @param ts         when the device measured (its own clock, or the arrival time when it sent none)
 * @param receivedAt when Cirrus accepted the message
 * @param values     key to number, string or boolean; empty for a heartbeat
 */
public record TelemetryRecord(TenantId tenant, DeviceId device, Kind kind, Instant ts, Instant receivedAt,
		Map<String, Object> values) {

	public TelemetryRecord {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(kind, "kind");
		values = values == null ? Map.of() : Map.copyOf(values);
	}

	/** The Kafka key: {@code tenant:device}, so one device's traffic stays in order on one partition. */
	public String key() {
		return DeviceTrafficTopics.key(tenant, device.toString());
	}

	/** What a message says. */
	public enum Kind {

		/** Measured values. */
		TELEMETRY,

		/** "I am alive", without values. */
		HEARTBEAT
	}
}
