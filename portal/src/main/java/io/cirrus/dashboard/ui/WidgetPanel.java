package io.cirrus.dashboard.ui;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

import io.cirrus.dashboard.Widget;
import io.cirrus.device.DeviceStatus;
import io.cirrus.device.DeviceSummary;
import io.cirrus.device.ui.DeviceNavigation;
import io.cirrus.health.Alarm;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.ui.GaugeChart;
import io.cirrus.shared.ui.TimeSeriesChart;
import io.cirrus.shared.ui.Times;
import io.cirrus.telemetry.LatestValue;

/**
 * One widget on a dashboard: its title as a heading and what its kind shows, redrawn by {@link #refresh} (the
 * dashboard calls it live). It is built empty, saying "Loading…" ({@code aria-busy}), so the dashboard's frame is
 * painted at once; the dashboard fills it in the next round trip. A widget whose data cannot be read says so in
 * place; the rest of the dashboard goes on.
 */
class WidgetPanel extends Div {

	private static final Logger log = LoggerFactory.getLogger(WidgetPanel.class);

	private final Widget widget;

	private final WidgetData data;

	private final Map<UUID, String> names;

	private final Div body = new Div();

	private final Paragraph trouble = new Paragraph();

	private final Paragraph loading = new Paragraph("Loading…");

	private TimeSeriesChart chart;

	private GaugeChart gauge;

	private Span value;

	private Span valueAt;

	private Grid<Alarm> alarmGrid;

	private Grid<DeviceSummary> deviceGrid;

	/** {@code names}: the names of the dashboard's devices, read once for all its widgets. */
	WidgetPanel(Widget widget, WidgetData data, Map<UUID, String> names) {
		this.widget = widget;
		this.data = data;
		this.names = names;
		setId("widget-" + widget.id());
		addClassName("cirrus-widget");
		getElement().setAttribute("data-kind", widget.kind().id());
		getElement().setAttribute("data-width", Integer.toString(widget.width()));
		H2 title = new H2(widget.title());
		title.addClassName("cirrus-widget-title");
		trouble.addClassName("cirrus-muted");
		trouble.setVisible(false);
		body.addClassName("cirrus-widget-body");
		loading.addClassNames("cirrus-muted", "cirrus-widget-loading");
		getElement().setAttribute("aria-busy", "true");
		add(title, loading, body, trouble);
		build();
	}

	Widget widget() {
		return widget;
	}

	/** A place for the editor's buttons, under the title. */
	void addTools(Component tools) {
		addComponentAtIndex(1, tools);
	}

	private void build() {
		switch (widget.kind()) {
			case CHART, NOTIFICATIONS -> {
				chart = new TimeSeriesChart(widget.title(), widget.kind() == Widget.Kind.NOTIFICATIONS ? "per min"
						: widget.unit() == null ? "" : widget.unit());
				chart.setTitleShown(false);
				chart.setEmptyText(widget.kind() == Widget.Kind.CHART ? "No readings of " + String.join(", ", widget.keys())
						+ " in this period" : "No notifications in this period");
				chart.setHeight("220px");
				body.add(chart);
			}
			case VALUE -> {
				value = new Span("—");
				value.addClassName("cirrus-kpi-value");
				Span label = new Span(widget.keys().getFirst() + " of " + firstDevice());
				label.addClassName("cirrus-kpi-label");
				valueAt = new Span();
				valueAt.addClassNames("cirrus-kpi-label", "cirrus-widget-time");
				Div kpi = new Div(value, label, new Div(valueAt));
				kpi.addClassNames("cirrus-kpi", "cirrus-widget-value");
				body.add(kpi);
			}
			case GAUGE -> {
				gauge = new GaugeChart(widget.title());
				Span label = new Span(widget.keys().getFirst() + " of " + firstDevice());
				label.addClassName("cirrus-kpi-label");
				valueAt = new Span();
				valueAt.addClassNames("cirrus-kpi-label", "cirrus-widget-time");
				body.add(gauge, new Div(label), new Div(valueAt));
			}
			case ALARMS -> {
				alarmGrid = new Grid<>();
				alarmGrid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
				alarmGrid.addComponentColumn(a -> severity(a)).setHeader("Severity").setAutoWidth(true).setFlexGrow(0);
				alarmGrid.addComponentColumn(this::alarmSubject).setHeader("Alarm").setFlexGrow(2);
				alarmGrid.addColumn(a -> Times.dateMinute(a.raisedAt())).setHeader("Raised").setAutoWidth(true);
				alarmGrid.addColumn(a -> a.state() == Alarm.State.CLEARED ? "cleared" : a.acknowledged() ? "acknowledged" : "active")
					.setHeader("State").setAutoWidth(true);
				alarmGrid.setEmptyStateText(Boolean.TRUE.equals(widget.activeOnly()) ? "No active alarms." : "No alarms yet.");
				alarmGrid.setAllRowsVisible(true);
				body.add(alarmGrid);
			}
			case DEVICES -> {
				deviceGrid = new Grid<>();
				deviceGrid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
				deviceGrid.addComponentColumn(d -> new Anchor(DeviceNavigation.devicePath(d.id()), d.name()))
					.setHeader("Device").setFlexGrow(2);
				deviceGrid.addComponentColumn(d -> status(d.status())).setHeader("Status").setAutoWidth(true);
				deviceGrid.addColumn(d -> Times.dateTime(d.lastSeen(), "never")).setHeader("Last seen").setAutoWidth(true);
				deviceGrid.setEmptyStateText("No devices yet.");
				deviceGrid.setAllRowsVisible(true);
				body.add(deviceGrid);
			}
		}
	}

	private String firstDevice() {
		return names.getOrDefault(widget.devices().getFirst(), WidgetData.REMOVED);
	}

	/**
	 * Reads the widget's data again and redraws it in place; a value or gauge takes its reading out of
	 * {@code latest}, read once for the whole dashboard ({@link WidgetData#latest(java.util.Collection, Map)}).
	 */
	void refresh(Map<UUID, List<LatestValue>> latest) {
		try {
			switch (widget.kind()) {
				case CHART -> {
					Instant to = Instant.now();
					Instant from = to.minus(widget.span());
					chart.show(data.chart(widget, names, from, to), from, to);
				}
				case NOTIFICATIONS -> {
					Instant to = Instant.now();
					chart.show(data.notifications(widget), to.minus(widget.span()), to);
				}
				case VALUE -> showValue(WidgetData.latest(widget, latest));
				case GAUGE -> {
					Optional<LatestValue> reading = WidgetData.latest(widget, latest);
					Double number = reading.map(v -> number(v.value())).orElse(null);
					gauge.show(number, widget.unit() == null ? "" : widget.unit(), widget.min() == null ? 0 : widget.min(),
							widget.max() == null ? 100 : widget.max(), widget.warn(), widget.bad());
					valueAt.setText(reading.map(v -> "at " + Times.dateTime(v.ts())).orElse("No reading yet"));
				}
				case ALARMS -> alarmGrid.setItems(data.alarms(widget));
				case DEVICES -> deviceGrid.setItems(data.deviceRows(widget));
			}
			trouble.setVisible(false);
			loaded();
		}
		catch (CirrusException e) {
			loaded();
			trouble.setText("This widget cannot be drawn: " + e.getMessage());
			trouble.setVisible(true);
			log.debug("Widget {} failed: {}", widget.id(), e.getMessage());
		}
	}

	private void loaded() {
		if (loading.isVisible()) {
			loading.setVisible(false);
			getElement().removeAttribute("aria-busy");
		}
	}

	private void showValue(Optional<LatestValue> latest) {
		if (latest.isEmpty()) {
			value.setText("—");
			valueAt.setText("No reading yet");
			value.getElement().removeAttribute("data-value");
			tone(null);
			return;
		}
		Object raw = latest.get().value();
		Double number = number(raw);
		value.setText(format(raw) + (widget.unit() == null ? "" : " " + widget.unit()));
		value.getElement().setAttribute("data-value", String.valueOf(raw));
		valueAt.setText("at " + Times.dateTime(latest.get().ts()));
		tone(number);
	}

	private void tone(Double number) {
		Div kpi = (Div) value.getParent().orElseThrow();
		kpi.removeClassNames("warn", "bad");
		if (number != null && widget.bad() != null && number >= widget.bad()) {
			kpi.addClassName("bad");
		}
		else if (number != null && widget.warn() != null && number >= widget.warn()) {
			kpi.addClassName("warn");
		}
	}

	private Component alarmSubject(Alarm alarm) {
		Span text = new Span(alarm.ruleName() + " on ");
		try {
			UUID device = UUID.fromString(alarm.entity());
			return new Span(text, new Anchor(DeviceNavigation.devicePath(new DeviceId(device)), alarm.entityName()));
		}
		catch (IllegalArgumentException notADevice) {
			return new Span(text, new Span(alarm.entityName()));
		}
	}

	private static Span severity(Alarm alarm) {
		Span badge = new Span(alarm.severity().name().toLowerCase(Locale.ROOT));
		badge.addClassName("severity-" + alarm.severity().name());
		return badge;
	}

	private static Span status(DeviceStatus status) {
		Span badge = new Span(switch (status) {
			case ONLINE -> "Online";
			case OFFLINE -> "Offline";
			case NEVER_SEEN -> "Never seen";
			case DECOMMISSIONED -> "Decommissioned";
		});
		badge.getElement().setAttribute("theme", switch (status) {
			case ONLINE -> "badge success";
			case OFFLINE -> "badge error";
			case NEVER_SEEN -> "badge";
			case DECOMMISSIONED -> "badge contrast";
		});
		badge.getElement().setAttribute("data-status", status.value());
		return badge;
	}

	private static Double number(Object value) {
		if (value instanceof Number n) {
			return n.doubleValue();
		}
		if (value instanceof Boolean b) {
			return b ? 1.0 : 0.0;
		}
		return null;
	}

	private static String format(Object value) {
		if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
			return Long.toString(d.longValue());
		}
		if (value instanceof Double d) {
			return String.format(Locale.ROOT, "%.2f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
		}
		return String.valueOf(value);
	}
}
