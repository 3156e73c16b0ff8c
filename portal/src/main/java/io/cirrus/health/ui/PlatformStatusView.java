package io.cirrus.health.ui;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.health.ComponentStatus;
import io.cirrus.health.MessagingStatus;
import io.cirrus.health.PlatformStatus;
import io.cirrus.shared.Roles;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;

import jakarta.annotation.security.RolesAllowed;

/**
 * The platform at a glance for platform admins: each component with its status and round-trip latency, the
 * device-traffic topics and notification queues, and the tenants.
 */
@Route("platform")
@PageTitle("Platform status · Cirrus")
@Menu(title = "Platform status", order = 100, icon = "SERVER")
@RolesAllowed(Roles.PLATFORM_ADMIN)
class PlatformStatusView extends VerticalLayout {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

	private final PlatformStatus status;

	private final Grid<ComponentStatus> components = new Grid<>();

	private final Grid<MessagingStatus.Topic> topics = new Grid<>();

	private final Grid<MessagingStatus.Queue> queues = new Grid<>();

	PlatformStatusView(PlatformStatus status, TenantDirectory tenants) {
		this.status = status;
		setId("platform-status");

		components.setId("components");
		components.addComponentColumn(PlatformStatusView::badge).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
		components.addColumn(ComponentStatus::name).setHeader("Component").setAutoWidth(true);
		components.addColumn(c -> c.latency().toMillis() + " ms").setHeader("Round trip").setAutoWidth(true);
		components.addColumn(ComponentStatus::address).setHeader("Address");
		components.addColumn(ComponentStatus::detail).setHeader("Detail");
		components.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
		components.setAllRowsVisible(true);

		topics.setId("topics");
		topics.addColumn(MessagingStatus.Topic::name).setHeader("Kafka topic");
		topics.addColumn(t -> t.partitions() < 0 ? "missing" : Integer.toString(t.partitions())).setHeader("Partitions");
		topics.setAllRowsVisible(true);

		queues.setId("queues");
		queues.addColumn(MessagingStatus.Queue::name).setHeader("RabbitMQ queue");
		queues.addColumn(q -> q.messages() < 0 ? "missing" : Long.toString(q.messages())).setHeader("Messages");
		queues.addColumn(q -> q.consumers() < 0 ? "—" : Integer.toString(q.consumers())).setHeader("Consumers");
		queues.setAllRowsVisible(true);

		Grid<Tenant> tenantGrid = new Grid<>();
		tenantGrid.setId("tenants");
		tenantGrid.addColumn(Tenant::name).setHeader("Tenant");
		tenantGrid.addColumn(Tenant::alias).setHeader("Organization");
		tenantGrid.addColumn(t -> DATE.format(t.createdAt())).setHeader("First sign-in (UTC)");
		tenantGrid.setItems(tenants.list());
		tenantGrid.setAllRowsVisible(true);

		Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
		refresh.setId("refresh");
		add(new H2("Platform status"), refresh, components, new H3("Messaging"), topics, queues, new H3("Tenants"),
				tenantGrid);
		refresh();
	}

	private void refresh() {
		components.setItems(status.components());
		MessagingStatus messaging = status.messaging();
		topics.setItems(messaging.topics());
		queues.setItems(messaging.queues());
	}

	private static Span badge(ComponentStatus component) {
		Span badge = new Span(component.up() ? "UP" : "DOWN");
		badge.addClassNames("component-status", component.up() ? "status-up" : "status-down");
		return badge;
	}

}
