package io.cirrus.shared.ui;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;

import tools.jackson.databind.json.JsonMapper;

/**
 * A dial for one value between a low and a high end, coloured green, amber and red by two thresholds, drawn by
 * ECharts like {@link TimeSeriesChart}. The value and its unit are written in the dial; without a value it says so.
 * The drawn value is in the element's {@code data-value} attribute.
 */
public class GaugeChart extends Div {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String title;

	private @Nullable Map<String, Object> spec;

	public GaugeChart(String title) {
		this.title = title;
		addClassName("cirrus-gauge");
		setWidthFull();
		setHeight("200px");
		getElement().setAttribute("role", "img");
		getElement().setAttribute("aria-label", title);
	}

	/** Draws {@code value} (null: no reading yet) on a dial from {@code min} to {@code max}. */
	public void show(@Nullable Double value, String unit, double min, double max, @Nullable Double warn, @Nullable Double bad) {
		Map<String, Object> next = new LinkedHashMap<>();
		next.put("title", title);
		next.put("value", value);
		next.put("unit", unit);
		next.put("min", min);
		next.put("max", max);
		next.put("warn", warn);
		next.put("bad", bad);
		next.put("empty", "No reading yet");
		if (next.equals(spec)) {
			return;
		}
		spec = next;
		render();
	}

	@Override
	protected void onAttach(AttachEvent event) {
		super.onAttach(event);
		TimeSeriesChart.addScripts(event);
		render();
	}

	private void render() {
		if (spec != null && isAttached()) {
			getElement().executeJs("const el = this, spec = JSON.parse($0);"
					+ "(function draw() { window.cirrusCharts ? window.cirrusCharts.gauge(el, spec) : setTimeout(draw, 50); })();",
					JSON.writeValueAsString(spec));
		}
	}
}
