package io.cirrus.health;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.DeviceId;

/**
 * How a device really reports, measured from its traffic (as Prometheus tracks its real scrape interval): the
 * interval between messages over the last {@code samples} messages, against the interval its profile expects.
 *
 * @param device          the device
 * @param samples         intervals measured (the most recent, at most 64)
 * @param p50Millis       median interval
 * @param p99Millis       99th percentile interval
 * @param lastMillis      the latest interval
 * @param expectedSeconds the profile's reporting interval
 * @param driftPercent    how far the median is from the expected interval, in percent (+ slower, - faster)
 * @param flapsLastHour   returns after a silence longer than the profile's inactivity timeout, in the last hour
 * @param lastReportAt    when its latest message arrived
 * @param updatedAt       when these figures were computed
 * @param rebootSentAt    when automatic recovery last sent it a reboot command, if ever
 */
public record DeviceReporting(DeviceId device, int samples, long p50Millis, long p99Millis, long lastMillis,
		int expectedSeconds, double driftPercent, int flapsLastHour, Instant lastReportAt, Instant updatedAt,
		@Nullable Instant rebootSentAt) {

	/** Drift (either way) from which a device counts as drifting. */
	public static final double DRIFTING_PERCENT = 25;

	/** Measured intervals from which drift is meaningful. */
	public static final int MIN_SAMPLES = 10;

	/** Flaps per hour from which a device counts as flapping. */
	public static final int FLAPPING = 3;

	public boolean drifting() {
		return samples >= MIN_SAMPLES && Math.abs(driftPercent) >= DRIFTING_PERCENT;
	}

	public boolean flapping() {
		return flapsLastHour >= FLAPPING;
	}
}
