package io.cirrus.telemetry;

import java.time.Instant;
import java.util.Map;

/**
 * A reading as stored: its time and its values by key (numbers, strings, booleans).
 */
public record StoredReading(Instant ts, Map<String, Object> values) {

	public StoredReading {
		values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
	}
}
