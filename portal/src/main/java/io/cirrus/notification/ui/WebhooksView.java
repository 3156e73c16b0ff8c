package io.cirrus.notification.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.WebhookService;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;

import jakarta.annotation.security.RolesAllowed;

/** The tenant's webhook endpoints: register (secret shown once), send a test, recent deliveries, remove. */
@Route("webhooks")
@PageTitle("Webhooks · Cirrus")
@Menu(title = "Webhooks", order = 22, icon = "CONNECT")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER })
class WebhooksView extends VerticalLayout {

	private final WebhookService webhooks;

	private final Grid<WebhookService.Endpoint> grid = new Grid<>();

	WebhooksView(WebhookService webhooks) {
		this.webhooks = webhooks;
		setId("webhooks");
		TextField url = new TextField("URL");
		url.setId("webhook-url");
		url.setWidth("30em");
		TextField description = new TextField("Description");
		description.setId("webhook-description");
		Button register = new Button("Register", e -> {
			try {
				WebhookService.Created created = webhooks.register(new WebhookService.EndpointRequest(url.getValue(),
						description.getValue()));
				Dialog secret = new Dialog(new Paragraph("Signing secret (shown only now): " + created.secret()));
				secret.setHeaderTitle("Endpoint registered");
				secret.getFooter().add(new Button("Close", x -> secret.close()));
				secret.open();
				url.clear();
				description.clear();
				refresh();
			}
			catch (CirrusException ex) {
				url.setInvalid(true);
				url.setErrorMessage(ex.getMessage());
			}
		});
		register.setId("webhook-register");
		register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		grid.setId("webhook-grid");
		grid.addColumn(WebhookService.Endpoint::url).setHeader("URL").setFlexGrow(3);
		grid.addColumn(WebhookService.Endpoint::description).setHeader("Description");
		grid.addComponentColumn(endpoint -> {
			Button test = new Button("Send test", x -> {
				webhooks.sendTest(endpoint.id());
				Notification.show("Test sent", 3000, Notification.Position.BOTTOM_START)
					.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
			});
			test.addClassName("webhook-test");
			Button recent = new Button("Recent deliveries", x -> recent(endpoint));
			Button remove = new Button("Remove", x -> {
				webhooks.remove(endpoint.id());
				refresh();
			});
			remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
			HorizontalLayout row = new HorizontalLayout(test, recent, remove);
			row.getChildren().forEach(c -> ((Button) c).addThemeVariants(ButtonVariant.LUMO_SMALL));
			return row;
		}).setAutoWidth(true);
		grid.setAllRowsVisible(true);
		add(new H2("Webhooks"), new HorizontalLayout(url, description, register), grid);
		refresh();
	}

	private void recent(WebhookService.Endpoint endpoint) {
		Grid<DeliveryView> deliveries = new Grid<>();
		deliveries.addColumn(DeliveryView::id).setHeader("Delivery");
		deliveries.addColumn(DeliveryView::state).setHeader("State");
		deliveries.addColumn(DeliveryView::attempts).setHeader("Attempts");
		deliveries.addColumn(d -> d.lastError() == null ? "" : d.lastError()).setHeader("Last error");
		deliveries.setItems(webhooks.recentDeliveries(endpoint.id(), 20));
		Dialog dialog = new Dialog(deliveries);
		dialog.setHeaderTitle("Recent deliveries to " + endpoint.url());
		dialog.setWidth("60em");
		dialog.getFooter().add(new Button("Close", x -> dialog.close()));
		dialog.open();
	}

	private void refresh() {
		grid.setItems(webhooks.list());
	}
}
