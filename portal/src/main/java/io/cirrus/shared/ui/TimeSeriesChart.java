package io.cirrus.shared.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.shared.ui.LoadMode;

import tools.jackson.databind.json.JsonMapper;

/**
 * A line chart of time series, drawn in the browser by ECharts (its WebJar, loaded at run time, since Cirrus
 * builds no custom frontend bundle). The server sends already downsampled points; calling {@link #show} again
 * redraws in place, which is how views keep charts live over server push. Times are shown in the tenant's zone
 * ({@link Times}), the unit names the value axis, and a chart without points says so.
 */
public class TimeSeriesChart extends Div {

	static final String ECHARTS = "context://webjars/echarts/5.3.1/dist/echarts.min.js";

	static final String CHARTS = "context://scripts/cirrus-charts.js";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String title;

	private String unit;

	private String emptyText = "No data in this period";

	private boolean titleShown = true;

	private Map<String, Object> spec;

	/** One line of the chart. */
	public record Line(String name, List<Point> points) {
	}

	/** A point of a line. */
	public record Point(Instant ts, double value) {
	}

	public TimeSeriesChart(String title, String unit) {
		this.title = title;
		this.unit = unit;
		addClassName("cirrus-chart");
		setWidthFull();
		setHeight("240px");
		// The drawing is a canvas: the chart is one image to assistive technology, named after its title.
		getElement().setAttribute("role", "img");
		getElement().setAttribute("aria-label", title);
	}

	/** What the chart says when none of its lines has a point in the window (default "No data in this period"). */
	public void setEmptyText(String text) {
		this.emptyText = text;
	}

	/** The unit of the value axis from the next {@link #show} on (empty: none). */
	public void setUnit(String unit) {
		this.unit = unit;
	}

	/** Whether the chart draws its title (off where a heading above it names it already; it still labels the image). */
	public void setTitleShown(boolean shown) {
		this.titleShown = shown;
	}

	/** Draws the lines over the window from {@code from} to {@code to}. */
	public void show(List<Line> lines, Instant from, Instant to) {
		List<Map<String, Object>> series = new ArrayList<>();
		for (Line line : lines) {
			List<Object[]> points = new ArrayList<>(line.points().size());
			for (Point point : line.points()) {
				points.add(new Object[] { point.ts().toEpochMilli(), point.value() });
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", line.name());
			entry.put("points", points);
			series.add(entry);
		}
		Map<String, Object> next = new LinkedHashMap<>();
		next.put("title", title);
		next.put("showTitle", titleShown);
		next.put("unit", unit);
		next.put("empty", emptyText);
		// Axis and tooltip times in the tenant's zone, whatever the browser's.
		next.put("timeZone", Times.zoneName());
		next.put("from", from.toEpochMilli());
		next.put("to", to.toEpochMilli());
		next.put("lines", series);
		spec = next;
		render();
	}

	@Override
	protected void onAttach(AttachEvent event) {
		super.onAttach(event);
		addScripts(event);
		render();
	}

	/**
	 * ECharts and the portal's chart script, loaded lazily: the page is drawn without waiting for ECharts (a
	 * megabyte of script) and the charts are drawn once it arrived ({@link #render} waits for it in the browser).
	 */
	static void addScripts(AttachEvent event) {
		event.getUI().getPage().addJavaScript(ECHARTS, LoadMode.LAZY);
		event.getUI().getPage().addJavaScript(CHARTS, LoadMode.LAZY);
	}

	private void render() {
		if (spec != null && isAttached()) {
			// The scripts load asynchronously on first attach: wait for them in the browser.
			getElement().executeJs("const el = this, spec = JSON.parse($0);"
					+ "(function draw() { window.cirrusCharts ? window.cirrusCharts.render(el, spec) : setTimeout(draw, 50); })();",
					JSON.writeValueAsString(spec));
		}
	}
}
