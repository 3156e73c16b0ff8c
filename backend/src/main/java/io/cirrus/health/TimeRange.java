package io.cirrus.health;

import java.time.Duration;

/** The ranges dashboards chart, each with the bucket it is downsampled to on the server. */
public enum TimeRange {

	HOUR(Duration.ofHours(1), Duration.ofMinutes(1)),
	DAY(Duration.ofDays(1), Duration.ofMinutes(15)),
	WEEK(Duration.ofDays(7), Duration.ofHours(1));

	private final Duration span;

	private final Duration bucket;

	TimeRange(Duration span, Duration bucket) {
		this.span = span;
		this.bucket = bucket;
	}

	public Duration span() {
		return span;
	}

	public Duration bucket() {
		return bucket;
	}
}
