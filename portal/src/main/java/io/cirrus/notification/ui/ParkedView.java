package io.cirrus.notification.ui;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.NotificationService;
import io.cirrus.notification.RecipientRegistry;
import io.cirrus.notification.WebhookService;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.Times;

import jakarta.annotation.security.RolesAllowed;

/**
 * Deliveries that failed their last attempt: when they were sent, what (the notification's title), to whom (by
 * name) and on which channel, why the last attempt failed, each with a retry button.
 */
@Route("notifications/parked")
@PageTitle("Parked deliveries · Cirrus")
@Menu(title = "Parked deliveries", order = 21, icon = "WARNING")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER })
class ParkedView extends VerticalLayout {

	private final NotificationService notifications;

	private final RecipientRegistry recipients;

	private final WebhookService webhooks;

	private final Grid<DeliveryView> grid = new Grid<>();

	private RecipientNames names;

	private final Map<UUID, String> titles = new HashMap<>();

	ParkedView(NotificationService notifications, RecipientRegistry recipients, WebhookService webhooks) {
		this.notifications = notifications;
		this.recipients = recipients;
		this.webhooks = webhooks;
		setId("parked");
		grid.setId("parked-grid");
		grid.addColumn(d -> Times.dateTime(d.createdAt())).setHeader("Sent").setAutoWidth(true);
		grid.addColumn(d -> title(d.notificationId())).setHeader("Notification").setFlexGrow(2);
		grid.addComponentColumn(d -> names.of(d.recipient())).setHeader("Recipient").setFlexGrow(2);
		grid.addColumn(DeliveryView::channel).setHeader("Channel").setAutoWidth(true);
		grid.addColumn(DeliveryView::attempts).setHeader("Attempts").setAutoWidth(true);
		grid.addColumn(d -> d.lastError() == null ? "" : d.lastError()).setHeader("Last error").setFlexGrow(3);
		grid.addComponentColumn(d -> {
			Button retry = new Button("Retry", e -> {
				notifications.retryParked(d.notificationId(), d.id());
				Notification.show("Queued again", 3000, Notification.Position.BOTTOM_START);
				refresh();
			});
			retry.addThemeVariants(ButtonVariant.LUMO_SMALL);
			retry.addClassName("parked-retry");
			return retry;
		}).setAutoWidth(true);
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("No parked deliveries: every delivery arrived or is still being tried.");
		Button reload = new Button("Reload", e -> refresh());
		add(new H1("Parked deliveries"),
				new Paragraph("These deliveries failed every attempt. Fix the cause (an endpoint, an address), then retry."),
				reload, grid);
		refresh();
	}

	private void refresh() {
		names = new RecipientNames(recipients, webhooks);
		titles.clear();
		grid.setItems(notifications.parked(0, 200));
	}

	private String title(UUID notification) {
		return titles.computeIfAbsent(notification, id -> {
			try {
				return notifications.get(id).title();
			}
			catch (NotFoundException e) {
				return "(deleted)";
			}
		});
	}
}
