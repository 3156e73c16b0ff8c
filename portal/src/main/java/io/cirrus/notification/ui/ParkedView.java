package io.cirrus.notification.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.NotificationService;
import io.cirrus.shared.Roles;

import jakarta.annotation.security.RolesAllowed;

/** Deliveries that failed their last attempt, each with a retry button. */
@Route("notifications/parked")
@PageTitle("Parked deliveries · Cirrus")
@Menu(title = "Parked deliveries", order = 21, icon = "WARNING")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER })
class ParkedView extends VerticalLayout {

	private final NotificationService notifications;

	private final Grid<DeliveryView> grid = new Grid<>();

	ParkedView(NotificationService notifications) {
		this.notifications = notifications;
		setId("parked");
		grid.setId("parked-grid");
		grid.addColumn(DeliveryView::recipient).setHeader("Recipient");
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
		Button reload = new Button("Reload", e -> refresh());
		add(new H2("Parked deliveries"),
				new Paragraph("These deliveries failed every attempt. Fix the cause (an endpoint, an address), then retry."),
				reload, grid);
		refresh();
	}

	private void refresh() {
		grid.setItems(notifications.parked(0, 200));
	}
}
