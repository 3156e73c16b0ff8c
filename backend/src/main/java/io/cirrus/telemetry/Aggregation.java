package io.cirrus.telemetry;

import java.util.Locale;
import java.util.Optional;

/** How readings in one interval of a downsampled series are combined. Booleans count as 0 and 1. */
public enum Aggregation {
	AVG("avg(coalesce(num, bool::int))"),
	MIN("min(coalesce(num, bool::int))"),
	MAX("max(coalesce(num, bool::int))"),
	COUNT("count(*)");

	private final String sql;

	Aggregation(String sql) {
		this.sql = sql;
	}

	/** The SQL aggregate over the value columns; a constant of this enum, never user text. */
	public String sql() {
		return sql;
	}

	public static Optional<Aggregation> of(String name) {
		try {
			return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}
}
