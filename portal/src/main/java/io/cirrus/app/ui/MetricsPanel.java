package io.cirrus.app.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import io.cirrus.app.AppMetrics;
import io.cirrus.shared.ui.Kpi;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.TimeSeriesChart;
import io.cirrus.shared.ui.Times;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the deployed app did: key figures of the last day, live charts of its invocations, errors and latencies
 * (each refresh adds a point), and its error log with the event that caused each error.
 */
class MetricsPanel extends VerticalLayout {

	private static final Duration LIVE = Duration.ofSeconds(3);

	private static final Duration WINDOW = Duration.ofMinutes(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AppMetrics metrics;

	private final UUID app;

	private final Kpi invocations = new Kpi("kpi-app-invocations", "invocations, 24 h");

	private final Kpi matches = new Kpi("kpi-app-matches", "rules fired, 24 h");

	private final Kpi ok = new Kpi("kpi-app-actions-ok", "actions done, 24 h");

	private final Kpi failed = new Kpi("kpi-app-actions-failed", "actions failed or refused, 24 h");

	private final Kpi latency = new Kpi("kpi-app-latency", "p99 evaluation, ms");

	private final Kpi lag = new Kpi("kpi-app-lag", "records behind");

	private final TimeSeriesChart rate = new TimeSeriesChart("Invocations per minute", "per min");

	private final TimeSeriesChart errors = new TimeSeriesChart("Failed actions per minute", "per min");

	private final TimeSeriesChart latencies = new TimeSeriesChart("Latency", "ms");

	private final Grid<AppMetrics.Error> log = new Grid<>();

	private final ArrayDeque<Sample> samples = new ArrayDeque<>();

	private record Sample(Instant at, long invocations, long failed, @Nullable Double p99Evaluation,
			@Nullable Double p99Action) {
	}

	MetricsPanel(AppMetrics metrics, UUID app) {
		this.metrics = metrics;
		this.app = app;
		setId("app-metrics");
		setPadding(false);
		Div kpis = new Div(invocations, matches, ok, failed, latency, lag);
		kpis.addClassName("cirrus-kpis");
		rate.setEmptyText("Measuring: a point every few seconds");
		errors.setEmptyText("Measuring: a point every few seconds");
		latencies.setEmptyText("No evaluation on this instance yet");
		rate.setId("chart-app-invocations");
		errors.setId("chart-app-errors");
		latencies.setId("chart-app-latency");
		log.setId("app-errors");
		log.addColumn(e -> Times.dateTime(e.at())).setHeader("When (" + Times.zoneName() + ")").setAutoWidth(true);
		log.addColumn(e -> "v" + e.version()).setHeader("Version").setAutoWidth(true);
		log.addColumn(e -> e.kind() + (e.action() == null ? "" : " · " + e.action())).setHeader("What").setAutoWidth(true);
		log.addColumn(AppMetrics.Error::message).setHeader("Error").setFlexGrow(1).setTooltipGenerator(AppMetrics.Error::message);
		log.addColumn(MetricsPanel::event).setHeader("Event").setFlexGrow(1).setTooltipGenerator(MetricsPanel::event);
		log.setEmptyStateText("No errors: every action of this app succeeded.");
		log.setAllRowsVisible(true);
		add(kpis, rate, errors, latencies, new H3("Error log"), log);
		// The panel scrolls; its parts keep their size rather than shrink to fit.
		getChildren().forEach(child -> setFlexShrink(0, child));
		refresh();
		LiveRefresh.every(this, LIVE, this::refresh);
	}

	/** The event as a person reads it: kind, device name, values. */
	static String event(AppMetrics.Error error) {
		Map<String, Object> event = error.event();
		Object name = event.getOrDefault("deviceName", event.get("device"));
		return event.get("kind") + (name == null ? "" : " of " + name) + " " + JSON.writeValueAsString(event.get("values"));
	}

	private void refresh() {
		AppMetrics.Metrics m = metrics.metrics(app, 1);
		invocations.show(Long.toString(m.invocations24h()), Kpi.Tone.NORMAL);
		matches.show(Long.toString(m.matches24h()), Kpi.Tone.NORMAL);
		ok.show(Long.toString(m.actionsOk24h()), Kpi.Tone.NORMAL);
		long bad = m.actionsFailed24h() + m.refused24h();
		failed.show(Long.toString(bad), bad > 0 ? Kpi.Tone.BAD : Kpi.Tone.NORMAL);
		latency.show(m.p99EvaluationMs() == null ? "—" : String.format("%.2f", m.p99EvaluationMs()), Kpi.Tone.NORMAL);
		lag.show(m.consumerLag() == null ? "—" : Long.toString(m.consumerLag()),
				m.consumerLag() != null && m.consumerLag() > 10_000 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
		Instant now = Instant.now();
		samples.addLast(new Sample(now, m.invocations24h(), bad, m.p99EvaluationMs(), m.p99ActionMs()));
		while (samples.size() > 2 && samples.peekFirst().at().isBefore(now.minus(WINDOW))) {
			samples.removeFirst();
		}
		List<TimeSeriesChart.Point> perMinute = new ArrayList<>();
		List<TimeSeriesChart.Point> failures = new ArrayList<>();
		List<TimeSeriesChart.Point> evaluation = new ArrayList<>();
		List<TimeSeriesChart.Point> action = new ArrayList<>();
		Sample previous = null;
		for (Sample s : samples) {
			if (previous != null) {
				double minutes = Math.max(0.001, Duration.between(previous.at(), s.at()).toMillis() / 60_000.0);
				perMinute.add(new TimeSeriesChart.Point(s.at(), Math.max(0, s.invocations() - previous.invocations()) / minutes));
				failures.add(new TimeSeriesChart.Point(s.at(), Math.max(0, s.failed() - previous.failed()) / minutes));
			}
			if (s.p99Evaluation() != null) {
				evaluation.add(new TimeSeriesChart.Point(s.at(), s.p99Evaluation()));
			}
			if (s.p99Action() != null) {
				action.add(new TimeSeriesChart.Point(s.at(), s.p99Action()));
			}
			previous = s;
		}
		Instant from = now.minus(WINDOW);
		rate.show(List.of(new TimeSeriesChart.Line("invocations", perMinute)), from, now);
		errors.show(List.of(new TimeSeriesChart.Line("failed or refused", failures)), from, now);
		latencies.show(List.of(new TimeSeriesChart.Line("p99 evaluation", evaluation),
				new TimeSeriesChart.Line("p99 action", action)), from, now);
		log.setItems(m.errors());
	}
}
