package io.cirrus.telemetry.internal;

import java.time.Instant;
import java.util.Map;

/** One validated reading: when, and key to number, string or boolean. */
public record Reading(Instant ts, Map<String, Object> values) {
}
