package io.cirrus.health.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cirrus.health.HealthHistory;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.Series;
import io.cirrus.health.TimeRange;
import io.cirrus.shared.ui.TimeSeriesChart;

/** Turns health series into chart lines, for the tenant and platform dashboards. */
final class HealthCharts {

	private HealthCharts() {
	}

	/** A metric and its name in a chart's legend. */
	record Named(HealthMetric metric, String name) {
	}

	static Named named(HealthMetric metric, String name) {
		return new Named(metric, name);
	}

	/** Draws one metric, a line per subject (or one line named after the metric). */
	static void draw(TimeSeriesChart chart, HealthHistory history, TimeRange range, HealthMetric metric) {
		draw(chart, history, range, named(metric, metric.label()));
	}

	/** Draws several metrics on one chart, each line named in the legend. */
	static void draw(TimeSeriesChart chart, HealthHistory history, TimeRange range, Named... metrics) {
		List<TimeSeriesChart.Line> lines = new ArrayList<>();
		for (Named named : metrics) {
			List<Series> found = history.series(named.metric(), range);
			if (found.isEmpty()) {
				// An empty line keeps the legend honest: the metric exists, nothing was sampled yet.
				lines.add(new TimeSeriesChart.Line(named.name(), List.of()));
			}
			for (Series series : found) {
				String name = series.subject().isEmpty() ? named.name()
						: metrics.length > 1 ? named.name() + " · " + series.subject() : series.subject();
				lines.add(new TimeSeriesChart.Line(name,
						series.points().stream().map(p -> new TimeSeriesChart.Point(p.ts(), p.value())).toList()));
			}
		}
		Instant now = Instant.now();
		chart.show(lines, now.minus(range.span()), now);
	}
}
