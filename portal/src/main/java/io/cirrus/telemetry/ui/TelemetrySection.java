package io.cirrus.telemetry.ui;

import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;

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
import io.cirrus.telemetry.StoredReading;
import io.cirrus.telemetry.TelemetryQueries;
import io.cirrus.telemetry.TelemetrySeries;

/**
 * The telemetry section of the device page: latest values with their units and times, refused messages (HTTP and
 * MQTT, with the last reason), a chart of the keys picked over 1 h / 24 h / 7 d (downsampled on the server), and the
 * readings of that range in a table that loads page by page and downloads as CSV; live. Units come from the device's
 * metadata, {@code {"units": {"temperature": "°C"}}}.
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
		return new Panel(queries, device);
	}

	/** The live content for one device. */
	static final class Panel extends VerticalLayout {

		/** Keys drawn when the person has not picked any. */
		static final int DEFAULT_KEYS = 6;

		private final TelemetryQueries queries;

		private final DeviceId device;

		private final String deviceName;

		private final Map<String, String> units;

		private final Div latest = new Div();

		private final Paragraph rejections = new Paragraph();

		private final MultiSelectComboBox<String> keys = new MultiSelectComboBox<>("Keys");

		private final TimeSeriesChart chart;

		private final Grid<StoredReading> table = new Grid<>();

		private final Anchor csv;

		private List<String> known = List.of();

		private boolean picked;

		private final ToggleGroup<Duration> range = new ToggleGroup<>("Time range",
				List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7)), Panel::label,
				d -> "telemetry-range-" + (d.toDays() == 7 ? "week" : d.toDays() == 1 ? "day" : "hour"), Duration.ofHours(1),
				d -> rangeChanged());

		Panel(TelemetryQueries queries, DeviceSummary summary) {
			this.queries = queries;
			this.device = summary.id();
			this.deviceName = summary.name();
			this.units = units(summary.metadata());
			this.chart = new TimeSeriesChart("Readings", "");
			setPadding(false);
			setId("telemetry-section");
			latest.setId("telemetry-latest");
			latest.addClassName("cirrus-facts");
			rejections.setId("telemetry-rejections");
			chart.setId("telemetry-chart");
			chart.setEmptyText("No numeric readings of these keys in this period");
			range.setId("telemetry-range");
			keys.setId("telemetry-keys");
			keys.setPlaceholder("Numeric keys");
			keys.setHelperText("The keys the chart and table show");
			keys.addValueChangeListener(e -> {
				if (e.isFromClient()) {
					picked = true;
					rangeChanged();
				}
			});
			table.setId("telemetry-table");
			table.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
			table.setHeight("320px");
			table.setPageSize(50);
			table.setEmptyStateText("No readings in this period.");
			csv = new Anchor();
			csv.setText("Download CSV of this range");
			csv.setId("telemetry-csv");
			HorizontalLayout controls = new HorizontalLayout(range, keys);
			controls.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.END);
			controls.getStyle().set("flex-wrap", "wrap");
			H3 readings = new H3("Readings");
			add(latest, rejections, controls, chart, readings, table, csv);
			refresh();
			rangeChanged();
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
				latest.add(fact(value, units.get(value.key())));
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
			List<String> numeric = values.stream()
				.filter(v -> v.value() instanceof Number || v.value() instanceof Boolean)
				.map(LatestValue::key)
				.limit(TelemetryQueries.MAX_KEYS)
				.toList();
			if (!numeric.equals(known)) {
				known = numeric;
				Set<String> chosen = picked ? new LinkedHashSet<>(keys.getValue()) : new LinkedHashSet<>(numeric.subList(0, Math.min(DEFAULT_KEYS, numeric.size())));
				keys.setItems(numeric);
				chosen.retainAll(numeric);
				keys.setValue(chosen);
				rebuildTable();
			}
			drawChart();
		}

		private void rangeChanged() {
			drawChart();
			rebuildTable();
		}

		private List<String> chosenKeys() {
			return known.stream().filter(keys.getValue()::contains).toList();
		}

		private void drawChart() {
			List<String> chosen = chosenKeys();
			Instant to = Instant.now();
			Instant from = to.minus(range.value());
			List<TimeSeriesChart.Line> lines = new ArrayList<>();
			if (!chosen.isEmpty()) {
				TelemetrySeries series = queries.series(device, chosen, from, to, null, Aggregation.AVG);
				series.series().forEach((key, points) -> lines.add(new TimeSeriesChart.Line(
						units.containsKey(key) ? key + " (" + units.get(key) + ")" : key,
						points.stream().map(p -> new TimeSeriesChart.Point(p.ts(), p.value())).toList())));
			}
			chart.setUnit(commonUnit(chosen));
			chart.show(lines, from, to);
		}

		/** The table's columns follow the keys picked; its rows load a page at a time as it scrolls. */
		private void rebuildTable() {
			table.removeAllColumns();
			table.addColumn(r -> Times.dateTime(r.ts())).setHeader("Time (" + Times.zoneName() + ")").setAutoWidth(true).setFlexGrow(0);
			List<String> columns = chosenKeys().isEmpty() ? known : chosenKeys();
			for (String key : columns) {
				table.addColumn(r -> r.values().containsKey(key) ? format(r.values().get(key)) : "")
					.setHeader(units.containsKey(key) ? key + " (" + units.get(key) + ")" : key)
					.setAutoWidth(true);
			}
			Duration span = range.value();
			Instant to = Instant.now();
			Instant from = to.minus(span);
			table.setItems(query -> queries.readings(device, from, to, query.getOffset(),
					Math.min(query.getLimit(), TelemetryQueries.MAX_PAGE)).stream());
			csv.setHref(csvOf(columns, span), com.vaadin.flow.component.html.AttachmentType.DOWNLOAD);
		}

		private DownloadHandler csvOf(List<String> columns, Duration span) {
			String file = deviceName.replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + label(span).replace(" ", "") + ".csv";
			return event -> {
				Instant to = Instant.now();
				event.setFileName(file);
				event.setContentType("text/csv; charset=utf-8");
				PrintWriter out = new PrintWriter(new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8));
				List<String> header = new ArrayList<>();
				header.add("time");
				columns.forEach(k -> header.add(units.containsKey(k) ? k + " (" + units.get(k) + ")" : k));
				out.println(String.join(",", header.stream().map(Panel::csvField).toList()));
				queries.export(device, to.minus(span), to, reading -> {
					List<String> row = new ArrayList<>();
					row.add(DateTimeFormatter.ISO_INSTANT.format(reading.ts()));
					columns.forEach(k -> row.add(reading.values().containsKey(k) ? csvField(String.valueOf(reading.values().get(k))) : ""));
					out.println(String.join(",", row));
				});
				out.flush();
			};
		}

		private String commonUnit(List<String> chosen) {
			Set<String> found = new LinkedHashSet<>();
			chosen.forEach(k -> found.add(units.getOrDefault(k, "")));
			return found.size() == 1 ? found.iterator().next() : "";
		}

		private static Map<String, String> units(Map<String, Object> metadata) {
			Map<String, String> units = new LinkedHashMap<>();
			if (metadata.get("units") instanceof Map<?, ?> declared) {
				declared.forEach((k, v) -> {
					if (k instanceof String key && v instanceof String unit && !unit.isBlank()) {
						units.put(key, unit.strip());
					}
				});
			}
			return units;
		}

		private static String csvField(String value) {
			return value.contains(",") || value.contains("\"") || value.contains("\n")
					? "\"" + value.replace("\"", "\"\"") + "\"" : value;
		}

		private static String label(Duration span) {
			return span.toDays() == 7 ? "7 d" : span.toDays() == 1 ? "24 h" : "1 h";
		}

		private static HorizontalLayout fact(LatestValue value, String unit) {
			Span key = new Span(value.key());
			key.addClassName("cirrus-fact-label");
			Span shown = new Span(format(value.value()) + (unit == null ? "" : " " + unit));
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
