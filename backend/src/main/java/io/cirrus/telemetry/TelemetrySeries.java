package io.cirrus.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cirrus.shared.DeviceId;

/**
 * A device's readings over a window, downsampled on the server: one point per key and interval that had readings.
 *
 * @param device      the device
 * @param from        start of the window (inclusive); intervals are aligned to it
 * @param to          end of the window (exclusive)
 * @param interval    width of one point
 * @param aggregation how the readings of an interval were combined
 * @param series      key to its points, oldest first (keys without readings in the window are present and empty)
 */
public record TelemetrySeries(DeviceId device, Instant from, Instant to, Duration interval, Aggregation aggregation,
		Map<String, List<Point>> series) {

	/** One interval: its start and the combined value. */
	public record Point(Instant ts, double value) {
	}
}
