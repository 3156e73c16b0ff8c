package io.cirrus.health;

import java.time.Instant;
import java.util.List;

/**
 * A downsampled time series of one metric and subject, ready to chart.
 *
 * @param metric  the metric
 * @param subject what it is about (empty for tenant-wide metrics)
 * @param points  one point per bucket that has samples, oldest first
 */
public record Series(HealthMetric metric, String subject, List<Point> points) {

	/** The average of a bucket's samples, at the bucket's start. */
	public record Point(Instant ts, double value) {
	}
}
