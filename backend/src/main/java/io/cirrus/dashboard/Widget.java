package io.cirrus.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One widget of a dashboard, as validated and stored. Which fields mean something depends on the kind; the others
 * are null or empty.
 *
 * @param id          stable within the dashboard (letters, digits, {@code -} and {@code _})
 * @param width       columns of the dashboard's four-column grid it spans (phones show one column)
 * @param devices     chart: 1 to 10 devices; value and gauge: exactly one; alarms and devices: an optional filter
 * @param keys        chart: 1 to 8 telemetry keys; value and gauge: exactly one
 * @param aggregation chart: how a bucket's readings combine ({@code avg}, {@code min}, {@code max}, {@code count})
 * @param range       chart and notifications: {@code 1h}, {@code 24h} or {@code 7d}
 * @param unit        value, gauge and chart: shown beside values and on the value axis
 * @param min         gauge: the dial's low end
 * @param max         gauge: the dial's high end
 * @param warn        value and gauge: at or above it the value reads as a warning
 * @param bad         value and gauge: at or above it the value reads as bad
 * @param activeOnly  alarms: only active alarms
 * @param limit       alarms and devices: rows shown
 */
public record Widget(String id, Kind kind, String title, int width, List<UUID> devices, List<String> keys,
		@Nullable String aggregation, @Nullable String range, @Nullable String unit, @Nullable Double min,
		@Nullable Double max, @Nullable Double warn, @Nullable Double bad, @Nullable Boolean activeOnly,
		@Nullable Integer limit) {

	public Widget {
		devices = List.copyOf(devices);
		keys = List.copyOf(keys);
	}

	/** The time window of a chart or activity widget. */
	public Duration span() {
		return Ranges.span(range == null ? "1h" : range).orElse(Duration.ofHours(1));
	}

	/** What a widget shows. */
	public enum Kind {

		CHART("Time-series chart"), VALUE("Latest value"), GAUGE("Gauge"), ALARMS("Alarm list"), DEVICES("Device table"),
		NOTIFICATIONS("Notification activity");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}

		@JsonValue
		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Optional<Kind> of(String id) {
			for (Kind kind : values()) {
				if (kind.id().equals(id)) {
					return Optional.of(kind);
				}
			}
			return Optional.empty();
		}
	}

	/** The ranges a widget may show. */
	public static final class Ranges {

		public static final List<String> ALL = List.of("1h", "24h", "7d");

		private Ranges() {
		}

		public static Optional<Duration> span(String range) {
			return switch (range) {
				case "1h" -> Optional.of(Duration.ofHours(1));
				case "24h" -> Optional.of(Duration.ofDays(1));
				case "7d" -> Optional.of(Duration.ofDays(7));
				default -> Optional.empty();
			};
		}
	}
}
