package io.cirrus.health;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's alarm rule: "{@code metric} of entities matching {@code selector} {@code operator} {@code threshold}
 * for {@code durationSeconds}" raises an alarm of {@code severity}, one per rule and entity, cleared when the
 * condition stops holding.
 */
public record AlarmRule(UUID id, String name, AlarmSource source, String metric, String selector, Comparison operator,
		double threshold, int durationSeconds, Severity severity, boolean enabled, Instant updatedAt, String updatedBy) {

	/** "temperature > 30 for 300 s", for people. */
	public String condition() {
		return metric + " " + operator.symbol() + " " + format(threshold) + (durationSeconds > 0 ? " for " + durationSeconds + " s" : "");
	}

	static String format(double value) {
		return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
	}
}
