package io.cirrus.dashboard.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import io.cirrus.device.ui.DeviceNavigation;
import io.cirrus.health.Alarm;
import io.cirrus.health.Alarms;
import io.cirrus.health.ComponentStatus;
import io.cirrus.health.HealthDashboard;
import io.cirrus.health.HealthHistory;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.MessagingStatus;
import io.cirrus.health.PlatformHealthSummary;
import io.cirrus.health.Recommendation;
import io.cirrus.health.Series;
import io.cirrus.health.Severity;
import io.cirrus.health.TenantHealthSummary;
import io.cirrus.health.TimeRange;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.ui.Kpi;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.TimeSeriesChart;
import io.cirrus.shared.ui.Times;

/**
 * The home page's dashboards, built on health's queries: for a tenant's users their fleet, alarms, traffic and what
 * needs attention; for platform admins the platform across tenants. Both are live (every 10 s) and as fast with
 * 10,000 devices as with ten, since every figure is a server-side aggregate.
 */
@Component
@org.springframework.modulith.NamedInterface("ui")
public class HomeDashboards {

	static final Duration LIVE = Duration.ofSeconds(10);

	private final HealthDashboard health;

	private final HealthHistory history;

	private final Alarms alarms;

	HomeDashboards(HealthDashboard health, HealthHistory history, Alarms alarms) {
		this.health = health;
		this.history = history;
		this.alarms = alarms;
	}

	/** The signed-in tenant user's home dashboard. */
	public com.vaadin.flow.component.Component tenant() {
		return new TenantHome();
	}

	/** The platform admin's home dashboard. */
	public com.vaadin.flow.component.Component platform() {
		return new PlatformHome();
	}

	private final class TenantHome extends VerticalLayout {

		private final Kpi online = new Kpi("home-online", "devices online");

		private final Kpi offline = new Kpi("home-offline", "devices offline");

		private final Kpi late = new Kpi("home-late", "devices late");

		private final Kpi critical = new Kpi("home-alarms-critical", "critical alarms");

		private final Kpi major = new Kpi("home-alarms-major", "major alarms");

		private final Kpi minor = new Kpi("home-alarms-minor", "minor alarms");

		private final Kpi warning = new Kpi("home-alarms-warning", "warning alarms");

		private final Kpi messages = new Kpi("home-messages", "messages / s");

		private final Kpi delivered = new Kpi("home-delivered", "notifications / min");

		private final TimeSeriesChart telemetry = new TimeSeriesChart("Telemetry, last hour", "msg/s");

		private final TimeSeriesChart notifications = new TimeSeriesChart("Notifications, last hour", "per min");

		private final Div attention = new Div();

		private final Grid<Alarm> recent = new Grid<>();

		TenantHome() {
			setPadding(false);
			setId("home-dashboard");
			Div kpis = new Div(online, offline, late, critical, major, minor, warning, messages, delivered);
			kpis.addClassName("cirrus-kpis");
			telemetry.setId("home-chart-telemetry");
			notifications.setId("home-chart-notifications");
			Div charts = new Div(telemetry, notifications);
			charts.addClassName("cirrus-charts");
			attention.setId("home-attention");
			attention.setWidthFull();
			recent.setId("home-recent-alarms");
			recent.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
			recent.addComponentColumn(HomeDashboards::severity).setHeader("Severity").setAutoWidth(true).setFlexGrow(0);
			recent.addComponentColumn(HomeDashboards::subject).setHeader("Alarm").setFlexGrow(2);
			recent.addColumn(a -> Times.dateMinute(a.raisedAt())).setHeader("Raised").setAutoWidth(true);
			recent.addColumn(a -> a.state() == Alarm.State.CLEARED ? "cleared" : a.acknowledged() ? "acknowledged" : "active")
				.setHeader("State").setAutoWidth(true);
			recent.setEmptyStateText("No alarms yet.");
			recent.setAllRowsVisible(true);
			add(kpis, charts, new H2("Needs your attention"), attention, new H2("Recent alarms"), recent,
					new Anchor("alarms", "All alarms"));
			refresh();
			LiveRefresh.every(this, LIVE, this::refresh);
		}

		private void refresh() {
			TenantHealthSummary summary = health.tenant();
			online.show(Long.toString(summary.devicesOnline()), Kpi.Tone.NORMAL);
			offline.show(Long.toString(summary.devicesOffline()), summary.devicesOffline() > 0 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
			late.show(Long.toString(summary.devicesStale()), summary.devicesStale() > 0 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
			Map<Severity, Long> active = summary.activeAlarms();
			show(critical, active.getOrDefault(Severity.CRITICAL, 0L), Kpi.Tone.BAD);
			show(major, active.getOrDefault(Severity.MAJOR, 0L), Kpi.Tone.BAD);
			show(minor, active.getOrDefault(Severity.MINOR, 0L), Kpi.Tone.WARN);
			show(warning, active.getOrDefault(Severity.WARNING, 0L), Kpi.Tone.WARN);
			messages.show(String.format(Locale.ROOT, "%.1f", summary.messagesPerSecond()), Kpi.Tone.NORMAL);
			delivered.show(String.format(Locale.ROOT, "%.0f", summary.deliveredPerMinute()),
					summary.failedPerMinute() > 0 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
			Instant now = Instant.now();
			Instant from = now.minus(TimeRange.HOUR.span());
			telemetry.show(List.of(line("messages", history.series(HealthMetric.TELEMETRY_RATE, TimeRange.HOUR))), from, now);
			notifications.show(List.of(line("delivered", history.series(HealthMetric.NOTIFICATIONS_DELIVERED, TimeRange.HOUR)),
					line("failed", history.series(HealthMetric.NOTIFICATIONS_FAILED, TimeRange.HOUR))), from, now);
			showAdvice(attention, summary.recommendations());
			recent.setItems(alarms.list(false).stream().limit(5).toList());
		}
	}

	private final class PlatformHome extends VerticalLayout {

		private final Kpi componentsUp = new Kpi("home-components-up", "components up");

		private final Kpi componentsDown = new Kpi("home-components-down", "components down");

		private final Kpi lag = new Kpi("home-lag", "records behind (Kafka)");

		private final Kpi queued = new Kpi("home-queued", "notifications queued");

		private final Kpi platformAlarms = new Kpi("home-platform-alarms", "active platform alarms");

		private final Grid<ComponentStatus> components = new Grid<>();

		private final Grid<MessagingStatus.Queue> queues = new Grid<>();

		private final Grid<Map.Entry<String, Double>> tenants = new Grid<>();

		private final Div attention = new Div();

		PlatformHome() {
			setPadding(false);
			setId("home-platform");
			Div kpis = new Div(componentsUp, componentsDown, lag, queued, platformAlarms);
			kpis.addClassName("cirrus-kpis");
			components.setId("home-components");
			components.addThemeVariants(GridVariant.LUMO_COMPACT);
			components.addColumn(ComponentStatus::name).setHeader("Component").setAutoWidth(true);
			components.addComponentColumn(c -> {
				Span state = new Span(c.up() ? "up" : "down");
				state.getElement().setAttribute("theme", c.up() ? "badge success" : "badge error");
				return state;
			}).setHeader("State").setAutoWidth(true);
			components.addColumn(c -> c.latency().toMillis() + " ms").setHeader("Round trip").setAutoWidth(true);
			components.addColumn(ComponentStatus::detail).setHeader("Detail").setFlexGrow(2);
			components.setAllRowsVisible(true);
			components.setEmptyStateText("No components probed yet.");
			queues.setId("home-queues");
			queues.addThemeVariants(GridVariant.LUMO_COMPACT);
			queues.addColumn(MessagingStatus.Queue::name).setHeader("Queue").setFlexGrow(2);
			queues.addColumn(q -> q.messages() < 0 ? "unknown" : Long.toString(q.messages())).setHeader("Messages").setAutoWidth(true);
			queues.addColumn(q -> q.consumers() < 0 ? "unknown" : Integer.toString(q.consumers())).setHeader("Consumers").setAutoWidth(true);
			queues.setAllRowsVisible(true);
			queues.setEmptyStateText("No queues reported.");
			tenants.setId("home-busiest-tenants");
			tenants.addThemeVariants(GridVariant.LUMO_COMPACT);
			tenants.addColumn(Map.Entry::getKey).setHeader("Tenant").setFlexGrow(2);
			tenants.addColumn(e -> String.format(Locale.ROOT, "%.1f msg/s", e.getValue())).setHeader("Telemetry").setAutoWidth(true);
			tenants.setAllRowsVisible(true);
			tenants.setEmptyStateText("No tenant sent telemetry in the last minute.");
			attention.setId("home-attention");
			attention.setWidthFull();
			Div tables = new Div(section("Components", components), section("Busiest tenants", tenants),
					section("Notification queues", queues));
			tables.addClassName("cirrus-home-tables");
			add(kpis, new H2("Needs your attention"), attention, tables, new Anchor("platform", "Platform status in detail"));
			refresh();
			LiveRefresh.every(this, LIVE, this::refresh);
		}

		private void refresh() {
			PlatformHealthSummary summary = health.platform();
			long up = summary.components().stream().filter(ComponentStatus::up).count();
			long down = summary.components().size() - up;
			componentsUp.show(Long.toString(up), Kpi.Tone.NORMAL);
			componentsDown.show(Long.toString(down), down > 0 ? Kpi.Tone.BAD : Kpi.Tone.NORMAL);
			long behind = summary.messaging().consumerLag().values().stream().mapToLong(v -> Math.max(0, v)).sum();
			lag.show(Long.toString(behind), behind > 10_000 ? Kpi.Tone.WARN : Kpi.Tone.NORMAL);
			long waiting = summary.messaging().queues().stream().mapToLong(q -> Math.max(0, q.messages())).sum();
			queued.show(Long.toString(waiting), Kpi.Tone.NORMAL);
			show(platformAlarms, summary.activeAlarms().size(), Kpi.Tone.BAD);
			components.setItems(summary.components());
			queues.setItems(summary.messaging().queues());
			List<Map.Entry<String, Double>> load = new ArrayList<>(summary.tenantLoad().entrySet());
			load.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
			tenants.setItems(load.stream().limit(5).toList());
			showAdvice(attention, summary.recommendations());
		}
	}

	private static Div section(String title, com.vaadin.flow.component.Component content) {
		Div section = new Div(new H2(title), content);
		section.addClassName("cirrus-home-section");
		return section;
	}

	private static void show(Kpi kpi, long count, Kpi.Tone whenAny) {
		kpi.show(Long.toString(count), count > 0 ? whenAny : Kpi.Tone.NORMAL);
	}

	private static TimeSeriesChart.Line line(String name, List<Series> series) {
		List<TimeSeriesChart.Point> points = new ArrayList<>();
		series.forEach(s -> s.points().forEach(p -> points.add(new TimeSeriesChart.Point(p.ts(), p.value()))));
		return new TimeSeriesChart.Line(name, points);
	}

	private static void showAdvice(Div target, List<Recommendation> recommendations) {
		target.removeAll();
		if (recommendations.isEmpty()) {
			target.add(new Paragraph("Nothing needs your attention."));
			return;
		}
		for (Recommendation recommendation : recommendations) {
			Div item = new Div();
			item.addClassNames("cirrus-advice", recommendation.severity().name());
			item.add(new Paragraph(recommendation.symptom(Times::dateTime)), new Paragraph(recommendation.advice()),
					new Anchor(recommendation.link().substring(1), "Open"));
			target.add(item);
		}
	}

	private static Span severity(Alarm alarm) {
		Span badge = new Span(alarm.severity().name().toLowerCase(Locale.ROOT));
		badge.addClassName("severity-" + alarm.severity().name());
		return badge;
	}

	private static com.vaadin.flow.component.Component subject(Alarm alarm) {
		Anchor rule = new Anchor("alarms/" + alarm.id(), alarm.ruleName());
		try {
			UUID device = UUID.fromString(alarm.entity());
			return new Span(rule, new Span(" on "), new Anchor(DeviceNavigation.devicePath(new DeviceId(device)), alarm.entityName()));
		}
		catch (IllegalArgumentException notADevice) {
			return new Span(rule, new Span(" on " + alarm.entityName()));
		}
	}
}
