package io.cirrus.health.ui;

import java.util.List;
import java.util.function.Consumer;

import io.cirrus.health.TimeRange;
import io.cirrus.shared.ui.ToggleGroup;

/** 1 h / 24 h / 7 d, as pressed toggle buttons. */
class RangeChoice extends ToggleGroup<TimeRange> {

	RangeChoice(Consumer<TimeRange> selected) {
		super("Time range", List.of(TimeRange.HOUR, TimeRange.DAY, TimeRange.WEEK), RangeChoice::label,
				r -> "range-" + r.name().toLowerCase(java.util.Locale.ROOT), TimeRange.HOUR, selected);
		setId("range");
	}

	TimeRange range() {
		return value();
	}

	private static String label(TimeRange range) {
		return switch (range) {
			case HOUR -> "1 h";
			case DAY -> "24 h";
			case WEEK -> "7 d";
		};
	}
}
