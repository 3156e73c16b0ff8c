package io.cirrus.app.ui;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.app.AppMetrics;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.Kpi;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.TimeSeriesChart;
import jakarta.annotation.security.RolesAllowed;

/** The tenant's app usage, the serverless bill: invocations and compute time per day over the last 30 days. */
@Route("usage")
@PageTitle("Usage · Cirrus")
@Menu(title = "Usage", order = 8, icon = "CHART")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class UsageView extends VerticalLayout {

	private final AppMetrics metrics;

	private final Kpi invocations = new Kpi("kpi-usage-invocations", "app invocations, 30 days");

	private final Kpi compute = new Kpi("kpi-usage-compute", "compute time, s");

	private final TimeSeriesChart chart = new TimeSeriesChart("App invocations per day", "invocations");

	private final Grid<AppMetrics.Day> days = new Grid<>();

	UsageView(AppMetrics metrics) {
		this.metrics = metrics;
		setId("usage");
		Div kpis = new Div(invocations, compute);
		kpis.addClassName("cirrus-kpis");
		chart.setId("chart-usage");
		chart.setEmptyText("No app ran in the last 30 days");
		days.setId("usage-days");
		days.addColumn(d -> d.day().toString()).setHeader("Day (UTC)").setAutoWidth(true);
		days.addColumn(AppMetrics.Day::invocations).setHeader("Invocations").setAutoWidth(true);
		days.addColumn(AppMetrics.Day::matches).setHeader("Rules fired").setAutoWidth(true);
		days.addColumn(d -> d.actionsOk() + " / " + (d.actionsFailed() + d.refused())).setHeader("Actions done / failed")
			.setAutoWidth(true);
		days.addColumn(d -> String.format("%.1f", d.computeMs() / 1000)).setHeader("Compute time, s").setAutoWidth(true);
		days.setEmptyStateText("No app ran in the last 30 days.");
		days.setAllRowsVisible(true);
		add(new H1("Usage"), new Paragraph("What your deployed apps did per day (UTC): each event an app evaluated is an "
				+ "invocation; compute time is the time spent evaluating."), kpis, chart, days);
		getChildren().forEach(child -> setFlexShrink(0, child));
		refresh();
		LiveRefresh.every(this, java.time.Duration.ofSeconds(10), this::refresh);
	}

	private void refresh() {
		AppMetrics.Usage usage = metrics.usage(null, null);
		invocations.show(Long.toString(usage.invocations()), Kpi.Tone.NORMAL);
		compute.show(String.format("%.1f", usage.computeMs() / 1000), Kpi.Tone.NORMAL);
		List<TimeSeriesChart.Point> points = new ArrayList<>();
		usage.days().forEach(d -> points.add(new TimeSeriesChart.Point(d.day().atStartOfDay(ZoneOffset.UTC).toInstant(),
				d.invocations())));
		chart.show(List.of(new TimeSeriesChart.Line("invocations", points)),
				usage.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
				usage.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
		days.setItems(usage.days().reversed());
	}
}
