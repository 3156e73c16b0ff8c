package io.cirrus.telemetry.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import io.cirrus.device.DeviceSummary;
import io.cirrus.device.ui.DeviceDetailSection;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.TimeSeriesChart;
import io.cirrus.shared.ui.ToggleGroup;
import io.cirrus.shared.ui.Times;
import io.cirrus.telemetry.Aggregation;
import io.cirrus.telemetry.LatestValue;
import io.cirrus.telemetry.Rejections;
import io.cirrus.telemetry.TelemetryQueries;
import io.cirrus.telemetry.TelemetrySeries;

/**
 * The telemetry section of the device page: latest values, refused messages (HTTP and MQTT, with the last reason),
 * and a chart of the numeric keys over 1 h / 24 h / 7 d, downsampled on the server, refreshed live over push.
 */
@Component
class TelemetrySection implements DeviceDetailSection {

	private final TelemetryQueries queries;

	TelemetrySection(TelemetryQueries queries) {
		this.queries = queries;
	}

	@Override
	public String title() {
		return "Telemetry";
	}

	@Override
	public int order() {
		return 10;
	}

	@Override
	public com.vaadin.flow.component.Component create(DeviceSummary device) {
		return new Panel(queries, device.id());
	}

	/** The live content for one device. */
	static final class Panel extends VerticalLayout {

		private final TelemetryQueries queries;

		private final DeviceId device;

		private final Div latest = new Div();

		private final Paragraph rejections = new Paragraph();

		private final TimeSeriesChart chart = new TimeSeriesChart("Readings", "");

		private final ToggleGroup<Duration> range = new ToggleGroup<>("Time range",
				List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7)), Panel::label,
				d -> "telemetry-range-" + (d.toDays() == 7 ? "week" : d.toDays() == 1 ? "day" : "hour"), Duration.ofHours(1),
				d -> refreshChart());

		Panel(TelemetryQueries queries, DeviceId device) {
			this.queries = queries;
			this.device = device;
			setPadding(false);
			setId("telemetry-section");
			latest.setId("telemetry-latest");
			latest.addClassName("cirrus-facts");
			rejections.setId("telemetry-rejections");
			chart.setId("telemetry-chart");
			chart.setEmptyText("No numeric readings in this period");
			range.setId("telemetry-range");
			add(latest, rejections, range, chart);
			refresh();
			LiveRefresh.every(this, Duration.ofSeconds(5), this::refresh);
		}

		private void refresh() {
			List<LatestValue> values = queries.latest(device);
			latest.removeAll();
			if (values.isEmpty()) {
				Span none = new Span("No readings yet. Devices send them to POST /api/v1/telemetry or over MQTT.");
				none.setId("telemetry-none");
				latest.add(none);
			}
			for (LatestValue value : values) {
				latest.add(fact(value));
			}
			List<Rejections> refused = queries.rejections(device);
			if (refused.isEmpty()) {
				rejections.setText("Refused messages: none.");
			}
			else {
				List<String> parts = new ArrayList<>();
				for (Rejections r : refused) {
					parts.add(r.source() + ": " + r.rejected() + " (last " + Times.dateTime(r.lastAt()) + ": " + r.lastError() + ")");
				}
				rejections.setText("Refused messages: " + String.join("; ", parts));
			}
			refreshChart(values);
		}

		private void refreshChart() {
			refreshChart(queries.latest(device));
		}

		private void refreshChart(List<LatestValue> values) {
			List<String> numeric = values.stream()
				.filter(v -> v.value() instanceof Number || v.value() instanceof Boolean)
				.map(LatestValue::key)
				.limit(TelemetryQueries.MAX_KEYS)
				.toList();
			Instant to = Instant.now();
			Instant from = to.minus(span());
			List<TimeSeriesChart.Line> lines = new ArrayList<>();
			if (!numeric.isEmpty()) {
				TelemetrySeries series = queries.series(device, numeric, from, to, null, Aggregation.AVG);
				series.series().forEach((key, points) -> lines.add(new TimeSeriesChart.Line(key,
						points.stream().map(p -> new TimeSeriesChart.Point(p.ts(), p.value())).toList())));
			}
			chart.show(lines, from, to);
		}

		private Duration span() {
			return range.value();
		}

		private static String label(Duration span) {
			return span.toDays() == 7 ? "7 d" : span.toDays() == 1 ? "24 h" : "1 h";
		}

		private static HorizontalLayout fact(LatestValue value) {
			Span key = new Span(value.key());
			key.addClassName("cirrus-fact-label");
			Span shown = new Span(format(value.value()));
			shown.setId("telemetry-latest-" + value.key());
			Span at = new Span(Times.dateTime(value.ts()));
			at.addClassName("cirrus-muted");
			HorizontalLayout row = new HorizontalLayout(key, shown, at);
			row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
			return row;
		}

		private static String format(Object value) {
			if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
				return Long.toString(d.longValue());
			}
			return String.valueOf(value);
		}
	}
}
