package io.cirrus.notification.ui;

import java.util.UUID;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.NotificationService;
import io.cirrus.notification.WebhookService;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.SecretDialog;
import io.cirrus.shared.ui.Times;

import jakarta.annotation.security.RolesAllowed;

/**
 * The tenant's webhook endpoints: register (secret shown once), send a test, recent deliveries, rotate the secret
 * (shown once; the previous one signs beside it for a while), remove.
 */
@Route("webhooks")
@PageTitle("Webhooks · Cirrus")
@Menu(title = "Webhooks", order = 22, icon = "CONNECT")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER })
class WebhooksView extends VerticalLayout {

	private final WebhookService webhooks;

	private final NotificationService notifications;

	private final Grid<WebhookService.Endpoint> grid = new Grid<>();

	private final Span testResult = new Span();

	WebhooksView(WebhookService webhooks, NotificationService notifications) {
		this.webhooks = webhooks;
		this.notifications = notifications;
		setId("webhooks");
		testResult.setId("webhook-test-result");
		testResult.getElement().setAttribute("aria-live", "polite");
		TextField url = new TextField("URL");
		url.setId("webhook-url");
		url.setWidth("30em");
		url.setMaxWidth("100%");
		TextField description = new TextField("Description");
		description.setId("webhook-description");
		Button register = new Button("Register", e -> {
			try {
				WebhookService.Created created = webhooks.register(new WebhookService.EndpointRequest(url.getValue(),
						description.getValue()));
				new SecretDialog("Endpoint registered", "Signing secret of " + created.endpoint().url(), created.secret(),
						"Copy it now: it is shown only this once. Verify each delivery's webhook-signature with it.").open();
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
			Button test = new Button("Send test", x -> sendTest(endpoint));
			test.addClassName("webhook-test");
			test.setId("webhook-test-" + endpoint.id());
			Button recent = new Button("Recent deliveries", x -> recent(endpoint));
			Button rotate = new Button("Rotate secret", x -> {
				WebhookService.Rotated rotated = webhooks.rotateSecret(endpoint.id());
				new SecretDialog("Secret rotated", "New signing secret of " + endpoint.url(), rotated.secret(),
						"Copy it now: it is shown only this once. Until " + rotated.previousSignsUntil().truncatedTo(
								java.time.temporal.ChronoUnit.MINUTES) + " every delivery carries a signature with the "
								+ "previous secret too, so your receiver can switch without missing one.").open();
			});
			rotate.setId("webhook-rotate-" + endpoint.id());
			Button remove = new Button("Remove", x -> {
				webhooks.remove(endpoint.id());
				refresh();
			});
			remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
			HorizontalLayout row = new HorizontalLayout(test, recent, rotate, remove);
			row.getChildren().forEach(c -> ((Button) c).addThemeVariants(ButtonVariant.LUMO_SMALL));
			return row;
		}).setAutoWidth(true);
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("No endpoints registered yet.");
		HorizontalLayout form = new HorizontalLayout(url, description, register);
		form.setWrap(true);
		form.setAlignItems(Alignment.BASELINE);
		add(new H1("Webhooks"), form, grid, testResult);
		refresh();
	}

	private void recent(WebhookService.Endpoint endpoint) {
		Grid<DeliveryView> deliveries = new Grid<>();
		deliveries.addColumn(d -> Times.dateTime(d.createdAt())).setHeader("Sent").setAutoWidth(true);
		deliveries.addColumn(DeliveryView::state).setHeader("State");
		deliveries.addColumn(DeliveryView::attempts).setHeader("Attempts");
		deliveries.addColumn(d -> d.lastError() == null ? "" : d.lastError()).setHeader("Last error");
		deliveries.setItems(webhooks.recentDeliveries(endpoint.id(), 20));
		deliveries.setEmptyStateText("Nothing delivered to this endpoint yet.");
		Dialog dialog = new Dialog(deliveries);
		dialog.setHeaderTitle("Recent deliveries to " + endpoint.url());
		dialog.setWidth("60em");
		dialog.getFooter().add(new Button("Close", x -> dialog.close()));
		dialog.open();
	}

	/**
	 * Sends a test and says what became of it: the delivery is followed off the UI thread for up to 15 s and the
	 * outcome (delivered, or the endpoint's error) is shown under the form and announced.
	 */
	private void sendTest(WebhookService.Endpoint endpoint) {
		UUID sent = webhooks.sendTest(endpoint.id());
		testResult.setText("Sending a test to " + endpoint.url() + "…");
		UI ui = UI.getCurrent();
		SecurityContext security = SecurityContextHolder.getContext();
		Thread.ofVirtual().name("webhook-test").start(() -> {
			long deadline = System.nanoTime() + 15_000_000_000L;
			DeliveryView delivery = null;
			while (System.nanoTime() < deadline) {
				delivery = Secured.call(security, () -> notifications.deliveries(sent, 0, 1).items().stream().findFirst().orElse(null));
				if (delivery != null && (delivery.state().equals("delivered") || delivery.lastError() != null)) {
					break;
				}
				try {
					Thread.sleep(300);
				}
				catch (InterruptedException e) {
					return;
				}
			}
			String outcome = outcome(endpoint, delivery);
			boolean ok = delivery != null && delivery.state().equals("delivered");
			ui.access(() -> {
				testResult.setText(outcome);
				Notification.show(outcome, 5000, Notification.Position.BOTTOM_START)
					.addThemeVariants(ok ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
			});
		});
	}

	private static String outcome(WebhookService.Endpoint endpoint, DeliveryView delivery) {
		if (delivery == null) {
			return "The test to " + endpoint.url() + " is still queued; see Recent deliveries.";
		}
		if (delivery.state().equals("delivered")) {
			return "Test delivered to " + endpoint.url() + (delivery.attempts() > 1 ? " after " + delivery.attempts() + " attempts." : ".");
		}
		if (delivery.lastError() != null) {
			return "Test to " + endpoint.url() + " failed: " + delivery.lastError()
					+ (delivery.state().equals("parked") ? "" : ". Cirrus tries again; see Recent deliveries.");
		}
		return "The test to " + endpoint.url() + " is " + delivery.state() + "; see Recent deliveries.";
	}

	private void refresh() {
		grid.setItems(webhooks.list());
	}
}
