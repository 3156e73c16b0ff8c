package io.cirrus.shared.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** A key figure on a dashboard: a big value over a short label, marked when it is bad. */
public class Kpi extends Div {

	/** How a figure reads. */
	public enum Tone {

		NORMAL, WARN, BAD
	}

	private final Span value = new Span("—");

	public Kpi(String id, String label) {
		setId(id);
		addClassName("cirrus-kpi");
		value.addClassName("cirrus-kpi-value");
		Span caption = new Span(label);
		caption.addClassName("cirrus-kpi-label");
		add(value, caption);
	}

	public void show(String text, Tone tone) {
		value.setText(text);
		removeClassNames("warn", "bad");
		if (tone == Tone.WARN) {
			addClassName("warn");
		}
		else if (tone == Tone.BAD) {
			addClassName("bad");
		}
	}
}
