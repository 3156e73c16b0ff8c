package io.cirrus.health.ui;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.health.AppHealth;
import io.cirrus.health.Alarms;
import io.cirrus.health.HealthDashboard;
import io.cirrus.health.HealthHistory;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.Recommendation;
import io.cirrus.health.Severity;
import io.cirrus.health.TenantHealthSummary;
import io.cirrus.health.TimeRange;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.Times;
import io.cirrus.shared.ui.Kpi;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.TimeSeriesChart;

import jakarta.annotation.security.RolesAllowed;

/**
 * The tenant's health: key figures, charts over 1 h / 24 h / 7 d, recommendations and active alarms, live. Every
 * figure is a server-side aggregate, so the page is as fast with 10,000 devices as with ten. The range is in the
 * URL ({@code ?range=DAY}).
 */
@Route("health")
@PageTitle("Health · Cirrus")
@Menu(title = "Health", order = 10, icon = "HEART")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class TenantHealthView extends VerticalLayout implements BeforeEnterObserver {

	private static final Duration LIVE = Duration.ofSeconds(10);

	private final HealthDashboard dashboard;

	private final HealthHistory history;

	private final Alarms alarms;

	private final RangeChoice range = new RangeChoice(this::rangeChanged);

	private final Kpi messages = new Kpi("kpi-messages", "messages / s");

	private final Kpi online = new Kpi("kpi-online", "devices online");

	private final Kpi offline = new Kpi("kpi-offline", "devices offline");

	private final Kpi stale = new Kpi("kpi-stale", "devices late");

	private final Kpi serious = new Kpi("kpi-alarms-serious", "critical + major alarms");

	private final Kpi minor = new Kpi("kpi-alarms-minor", "minor + warning alarms");

	private final Kpi delivered = new Kpi("kpi-delivered", "notifications / min");

	private final Kpi parked = new Kpi("kpi-parked", "parked notifications");

	private final TimeSeriesChart telemetryChart = new TimeSeriesChart("Telemetry", "msg/s");

	private final TimeSeriesChart devicesChart = new TimeSeriesChart("Devices", "devices");

	private final TimeSeriesChart alarmsChart = new TimeSeriesChart("Active alarms", "alarms");

	private final TimeSeriesChart notificationsChart = new TimeSeriesChart("Notifications", "per min");

	private final Div advice = new Div();

	private final AlarmGrid activeAlarms;

	private final Grid<AppHealth> apps = new Grid<>();

	TenantHealthView(HealthDashboard dashboard, HealthHistory history, Alarms alarms, DeviceRegistry devices) {
		this.dashboard = dashboard;
		this.history = history;
		this.alarms = alarms;
		setId("tenant-health");
		boolean canAcknowledge = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		activeAlarms = new AlarmGrid("active-alarms", canAcknowledge,
				alarm -> new AcknowledgeDialog(alarm, note -> acknowledge(alarm.id(), note)).open(), devices);
		activeAlarms.setEmptyStateText("No active alarms.");

		Div kpis = new Div(messages, online, offline, stale, serious, minor, delivered, parked);
		kpis.addClassName("cirrus-kpis");
		telemetryChart.setId("chart-telemetry");
		devicesChart.setId("chart-devices");
		alarmsChart.setId("chart-alarms");
		notificationsChart.setId("chart-notifications");
		Div charts = new Div(telemetryChart, devicesChart, alarmsChart, notificationsChart);
		charts.addClassName("cirrus-charts");
		advice.setId("recommendations");
		advice.setWidthFull();
		appGrid();

		add(new H1("Health"), kpis, range, charts, new H2("Recommendations"), advice, new H2("Apps"), apps,
				new H2("Active alarms"), activeAlarms, new Anchor("alarms", "All alarms and alarm rules"));
		LiveRefresh.every(this, LIVE, this::refresh);
	}

	@Override
	public void beforeEnter(BeforeEnterEvent event) {
		String requested = event.getLocation().getQueryParameters().getSingleParameter("range").orElse("HOUR");
		try {
			range.select(TimeRange.valueOf(requested.toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException e) {
			range.select(TimeRange.HOUR);
		}
		refresh();
	}

	private void rangeChanged(TimeRange selected) {
		getUI().ifPresent(ui -> ui.navigate(TenantHealthView.class,
				QueryParameters.of("range", selected.name())));
		drawCharts();
	}

	private void refresh() {
		TenantHealthSummary summary = dashboard.tenant();
		messages.show(String.format(Locale.ROOT, "%.1f", summary.messagesPerSecond()), Kpi.Tone.NORMAL);
		online.show(Long.toString(summary.devicesOnline()), Kpi.Tone.NORMAL);
		offline.show(Long.toString(summary.devicesOffline()), summary.devicesOffline() > 0 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
		stale.show(Long.toString(summary.devicesStale()), summary.devicesStale() > 0 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
		Map<Severity, Long> active = summary.activeAlarms();
		long bad = active.getOrDefault(Severity.CRITICAL, 0L) + active.getOrDefault(Severity.MAJOR, 0L);
		long lesser = active.getOrDefault(Severity.MINOR, 0L) + active.getOrDefault(Severity.WARNING, 0L);
		serious.show(Long.toString(bad), bad > 0 ? Kpi.Tone.BAD : Kpi.Tone.NORMAL);
		minor.show(Long.toString(lesser), lesser > 0 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
		delivered.show(String.format(Locale.ROOT, "%.0f", summary.deliveredPerMinute()),
				summary.failedPerMinute() > 0 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
		parked.show(Long.toString(summary.parkedNotifications()),
				summary.parkedNotifications() > 0 ? Kpi.Tone.BAD : Kpi.Tone.NORMAL);
		showAdvice(summary.recommendations());
		apps.setItems(summary.apps());
		activeAlarms.show(alarms.list(true));
		drawCharts();
	}

	private void drawCharts() {
		TimeRange selected = range.range();
		HealthCharts.draw(telemetryChart, history, selected, HealthMetric.TELEMETRY_RATE);
		HealthCharts.draw(devicesChart, history, selected, HealthCharts.named(HealthMetric.DEVICES_ONLINE, "online"),
				HealthCharts.named(HealthMetric.DEVICES_OFFLINE, "offline"), HealthCharts.named(HealthMetric.DEVICES_STALE, "late"));
		HealthCharts.draw(alarmsChart, history, selected, HealthMetric.ALARMS_ACTIVE);
		HealthCharts.draw(notificationsChart, history, selected,
				HealthCharts.named(HealthMetric.NOTIFICATIONS_DELIVERED, "delivered"),
				HealthCharts.named(HealthMetric.NOTIFICATIONS_FAILED, "failed"));
	}

	/** The tenant's running and paused apps: a coloured state, errors and the runtime's lag; a few rows per tenant. */
	private void appGrid() {
		apps.setId("app-health");
		apps.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
		apps.setAllRowsVisible(true);
		apps.setEmptyStateText("No app is deployed.");
		apps.addComponentColumn(app -> new Anchor("apps/" + app.app(), app.name())).setHeader("App").setFlexGrow(2);
		apps.addColumn(app -> "v" + app.version()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
		apps.addComponentColumn(app -> {
			Span state = new Span(app.state().name().toLowerCase(Locale.ROOT));
			state.addClassName("app-state-" + app.state().name());
			state.setId("app-state-" + app.app());
			return state;
		}).setHeader("State").setAutoWidth(true).setFlexGrow(0);
		apps.addComponentColumn(app -> {
			Span errors = new Span(Long.toString(app.errors5m()));
			errors.setId("app-errors-" + app.app());
			return errors;
		}).setHeader("Errors (5 min)").setAutoWidth(true);
		apps.addColumn(app -> app.errorRate() == null ? "–"
				: String.format(Locale.ROOT, "%.1f %%", 100 * app.errorRate())).setHeader("Failed actions (24 h)")
			.setAutoWidth(true);
		apps.addColumn(app -> app.consumerLag() == null ? "–" : Long.toString(app.consumerLag()))
			.setHeader("Lag (records)").setAutoWidth(true);
	}

	private void showAdvice(List<Recommendation> recommendations) {
		advice.removeAll();
		if (recommendations.isEmpty()) {
			advice.add(new Paragraph("Nothing needs your attention."));
			return;
		}
		for (Recommendation recommendation : recommendations) {
			Div item = new Div();
			item.addClassNames("cirrus-advice", recommendation.severity().name());
			item.add(new Paragraph(recommendation.symptom(Times::dateTime)), new Paragraph(recommendation.advice()),
					new Anchor(recommendation.link().substring(1), "Open"));
			advice.add(item);
		}
	}

	private void acknowledge(java.util.UUID id, String note) {
		alarms.acknowledge(id, note);
		Notification.show("Alarm acknowledged", 3000, Notification.Position.BOTTOM_START);
		refresh();
	}
}
