package io.cirrus.health.ui;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.health.ComponentStatus;
import io.cirrus.health.HealthDashboard;
import io.cirrus.health.HealthHistory;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.MessagingStatus;
import io.cirrus.health.PlatformHealthSummary;
import io.cirrus.health.Recommendation;
import io.cirrus.health.RecoveryAction;
import io.cirrus.health.TimeRange;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.TimeSeriesChart;
import io.cirrus.shared.ui.Times;
import io.cirrus.tenant.TenantDirectory;
import io.cirrus.tenant.TenantOnboarding;
import io.cirrus.tenant.TenantSuspensions;
import io.cirrus.tenant.ui.OnboardTenantDialog;
import io.cirrus.tenant.ui.TenantGrid;

import jakarta.annotation.security.RolesAllowed;

/**
 * The platform for platform admins: each component with status and round-trip latency, consumer lag and queue
 * depths, charts over time, per-tenant load, platform alarms, the recovery log and advice; the tenants (onboard,
 * suspend, resume). Live.
 */
@Route("platform")
@PageTitle("Platform · Cirrus")
@Menu(title = "Platform", order = 100, icon = "SERVER")
@RolesAllowed(Roles.PLATFORM_ADMIN)
class PlatformStatusView extends VerticalLayout {

	private final HealthDashboard dashboard;

	private final HealthHistory history;

	private final Grid<ComponentStatus> components = new Grid<>();

	private final Grid<MessagingStatus.Topic> topics = new Grid<>();

	private final Grid<MessagingStatus.Queue> queues = new Grid<>();

	private final Grid<Map.Entry<String, Long>> lag = new Grid<>();

	private final Grid<Map.Entry<String, Double>> load = new Grid<>();

	private final Grid<RecoveryAction> recoveries = new Grid<>();

	private final AlarmGrid alarms;

	private final Div advice = new Div();

	private final RangeChoice range = new RangeChoice(r -> drawCharts());

	private final TimeSeriesChart latencyChart = new TimeSeriesChart("Component round trip", "ms");

	private final TimeSeriesChart queueChart = new TimeSeriesChart("Queue depth", "messages");

	private final TimeSeriesChart lagChart = new TimeSeriesChart("Consumer lag", "records");

	private final TimeSeriesChart loadChart = new TimeSeriesChart("Telemetry per tenant", "msg/s");

	private final TimeSeriesChart heapChart = new TimeSeriesChart("Heap per instance", "MiB");

	private final TimeSeriesChart cpuChart = new TimeSeriesChart("CPU per instance", "%");

	PlatformStatusView(HealthDashboard dashboard, HealthHistory history, TenantDirectory tenants,
			io.cirrus.health.Alarms alarmService, TenantOnboarding onboarding, TenantSuspensions suspensions) {
		this.dashboard = dashboard;
		this.history = history;
		setId("platform-status");
		alarms = new AlarmGrid("platform-alarms", true,
				alarm -> new AcknowledgeDialog(alarm, note -> {
					alarmService.acknowledge(alarm.id(), note);
					refresh();
				}).open(), null);
		alarms.setEmptyStateText("No active platform alarms.");

		components.setId("components");
		components.addComponentColumn(PlatformStatusView::badge).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
		components.addColumn(ComponentStatus::name).setHeader("Component").setAutoWidth(true);
		components.addColumn(c -> c.latency().toMillis() + " ms").setHeader("Round trip").setAutoWidth(true);
		components.addColumn(ComponentStatus::address).setHeader("Address");
		components.addColumn(ComponentStatus::detail).setHeader("Detail");
		components.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
		components.setAllRowsVisible(true);
		components.setEmptyStateText("No components checked yet.");

		topics.setId("topics");
		topics.addColumn(MessagingStatus.Topic::name).setHeader("Kafka topic");
		topics.addColumn(t -> t.partitions() < 0 ? "missing" : Integer.toString(t.partitions())).setHeader("Partitions");
		topics.setAllRowsVisible(true);
		topics.setEmptyStateText("No Kafka topics found.");

		lag.setId("consumer-lag");
		lag.addColumn(Map.Entry::getKey).setHeader("Consumer group");
		lag.addColumn(Map.Entry::getValue).setHeader("Lag (records)");
		lag.setAllRowsVisible(true);
		lag.setEmptyStateText("No consumer groups found.");

		queues.setId("queues");
		queues.addColumn(MessagingStatus.Queue::name).setHeader("RabbitMQ queue");
		queues.addColumn(q -> q.messages() < 0 ? "missing" : Long.toString(q.messages())).setHeader("Messages");
		queues.addColumn(q -> q.consumers() < 0 ? "—" : Integer.toString(q.consumers())).setHeader("Consumers");
		queues.setAllRowsVisible(true);
		queues.setEmptyStateText("No RabbitMQ queues found.");

		load.setId("tenant-load");
		load.addColumn(Map.Entry::getKey).setHeader("Tenant");
		load.addColumn(e -> String.format(Locale.ROOT, "%.1f", e.getValue())).setHeader("Telemetry msg/s (1 min)");
		load.setAllRowsVisible(true);
		load.setEmptyStateText("No tenant sent telemetry in the last minute.");

		recoveries.setId("recovery-log");
		recoveries.addThemeVariants(GridVariant.LUMO_COMPACT);
		recoveries.addColumn(r -> Times.dateTime(r.at())).setHeader("When").setAutoWidth(true);
		recoveries.addColumn(r -> r.targetKind() + " " + r.target()).setHeader("Target").setAutoWidth(true);
		recoveries.addColumn(r -> r.action() + " #" + r.attempt()).setHeader("Action").setAutoWidth(true);
		recoveries.addColumn(r -> r.outcome().name()).setHeader("Outcome").setAutoWidth(true);
		recoveries.addColumn(RecoveryAction::detail).setHeader("Detail").setFlexGrow(2);
		recoveries.setAllRowsVisible(true);
		recoveries.setEmptyStateText("Nothing needed recovering.");

		TenantGrid tenantGrid = new TenantGrid(tenants, suspensions);
		Button onboard = new Button("Onboard tenant", VaadinIcon.PLUS.create(),
				e -> new OnboardTenantDialog(onboarding, done -> tenantGrid.refresh()).open());
		onboard.setId("onboard-tenant");

		advice.setId("recommendations");
		advice.setWidthFull();
		latencyChart.setId("chart-latency");
		queueChart.setId("chart-queues");
		lagChart.setId("chart-lag");
		loadChart.setId("chart-load");
		heapChart.setId("chart-heap");
		cpuChart.setId("chart-cpu");
		Div charts = new Div(latencyChart, queueChart, lagChart, loadChart, heapChart, cpuChart);
		charts.addClassName("cirrus-charts");

		Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
		refresh.setId("refresh");
		add(new H1("Platform"), refresh, components, new H2("Advice"), advice, new H2("Platform alarms"), alarms,
				range, charts, new H2("Messaging"), topics, lag, queues, new H2("Load per tenant"), load,
				new H2("Recovery log"), recoveries, new H2("Tenants"), onboard, tenantGrid);
		refresh();
		LiveRefresh.every(this, Duration.ofSeconds(15), this::refresh);
	}

	private void refresh() {
		PlatformHealthSummary summary = dashboard.platform();
		components.setItems(summary.components());
		topics.setItems(summary.messaging().topics());
		queues.setItems(summary.messaging().queues());
		lag.setItems(List.copyOf(summary.messaging().consumerLag().entrySet()));
		load.setItems(List.copyOf(summary.tenantLoad().entrySet()));
		recoveries.setItems(summary.recoveries());
		alarms.show(summary.activeAlarms());
		showAdvice(summary.recommendations());
		drawCharts();
	}

	private void drawCharts() {
		TimeRange selected = range.range();
		HealthCharts.draw(latencyChart, history, selected, HealthMetric.COMPONENT_LATENCY);
		HealthCharts.draw(queueChart, history, selected, HealthMetric.QUEUE_DEPTH);
		HealthCharts.draw(lagChart, history, selected, HealthMetric.CONSUMER_LAG);
		HealthCharts.draw(loadChart, history, selected, HealthMetric.TENANT_TELEMETRY_RATE);
		HealthCharts.draw(heapChart, history, selected, HealthMetric.INSTANCE_HEAP);
		HealthCharts.draw(cpuChart, history, selected, HealthMetric.INSTANCE_CPU);
	}

	private void showAdvice(List<Recommendation> recommendations) {
		advice.removeAll();
		if (recommendations.isEmpty()) {
			advice.add(new Paragraph("Nothing needs your attention."));
		}
		for (Recommendation recommendation : recommendations) {
			Div item = new Div(new Paragraph(recommendation.symptom(Times::dateTime)), new Paragraph(recommendation.advice()));
			item.addClassNames("cirrus-advice", recommendation.severity().name());
			advice.add(item);
		}
	}

	private static Span badge(ComponentStatus component) {
		Span badge = new Span(component.up() ? "UP" : "DOWN");
		badge.addClassNames("component-status", component.up() ? "status-up" : "status-down");
		return badge;
	}
}
