package io.cirrus.tenant.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.SecretDialog;
import io.cirrus.shared.ui.Times;
import io.cirrus.tenant.ApiClient;
import io.cirrus.tenant.ApiClients;
import jakarta.annotation.security.RolesAllowed;

/**
 * The tenant's API clients (tenant admins): make one with a role (its secret shown once), replace a secret (shown
 * once; the old one stops at once), delete one (its tokens stop at once).
 */
@Route("api-clients")
@PageTitle("API clients · Cirrus")
@Menu(title = "API clients", order = 92, icon = "KEY")
@RolesAllowed(Roles.TENANT_ADMIN)
class ApiClientsView extends VerticalLayout {

	private final ApiClients clients;

	private final Grid<ApiClient> grid = new Grid<>();

	ApiClientsView(ApiClients clients) {
		this.clients = clients;
		setId("api-clients");
		TextField name = new TextField("Name");
		name.setId("api-client-name");
		name.setPlaceholder("e.g. Line 3 PLC");
		name.setMaxLength(100);
		ComboBox<String> role = new ComboBox<>("Role", Roles.TENANT_ROLES);
		role.setId("api-client-role");
		role.setValue(Roles.VIEWER);
		role.setAllowCustomValue(false);
		Button create = new Button("Create API client", e -> {
			try {
				ApiClients.Issued issued = clients.create(new ApiClients.Request(name.getValue(), role.getValue()));
				name.clear();
				name.setInvalid(false);
				secret("API client created", issued);
				refresh();
			}
			catch (CirrusException ex) {
				name.setErrorMessage(ex.getMessage());
				name.setInvalid(true);
			}
		});
		create.setId("api-client-create");
		create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		HorizontalLayout form = new HorizontalLayout(name, role, create);
		form.setWrap(true);
		form.setAlignItems(Alignment.BASELINE);

		grid.setId("api-client-grid");
		grid.addColumn(ApiClient::name).setHeader("Name").setFlexGrow(2);
		grid.addColumn(ApiClient::clientId).setHeader("Client id").setFlexGrow(3);
		grid.addColumn(ApiClient::role).setHeader("Role").setAutoWidth(true);
		grid.addColumn(c -> c.createdBy() + ", " + Times.dateMinute(c.createdAt())).setHeader("Created").setAutoWidth(true);
		grid.addColumn(c -> c.secretRotatedAt() == null ? "never" : Times.dateMinute(c.secretRotatedAt()))
			.setHeader("Secret replaced").setAutoWidth(true);
		grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("No API clients yet. Create one for each machine that calls the API.");
		add(new H1("API clients"), new Paragraph("Machines call the API with tokens from " + clients.tokenUrl()
				+ " (grant_type=client_credentials, the client id and secret below). Each acts as one role of this tenant."),
				form, grid);
		refresh();
	}

	private HorizontalLayout actions(ApiClient client) {
		Button rotate = new Button("New secret", e -> confirm("Replace the secret of " + client.name() + "?",
				"The current secret stops working at once: machines using it get no more tokens until they use the new one.",
				"Replace secret", () -> secret("Secret replaced", clients.rotateSecret(client.id()))));
		rotate.setId("api-client-rotate-" + client.id());
		rotate.setAriaLabel("New secret for " + client.name());
		Button delete = new Button("Delete", e -> confirm("Delete " + client.name() + "?",
				"Its secret and every token it holds stop working at once. This cannot be undone.", "Delete", () -> {
					clients.delete(client.id());
					refresh();
				}));
		delete.setId("api-client-delete-" + client.id());
		delete.setAriaLabel("Delete " + client.name());
		delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
		HorizontalLayout row = new HorizontalLayout(rotate, delete);
		row.getChildren().forEach(c -> ((Button) c).addThemeVariants(ButtonVariant.LUMO_SMALL));
		return row;
	}

	private void secret(String title, ApiClients.Issued issued) {
		new SecretDialog(title, "Client secret of " + issued.client().clientId(), issued.secret(),
				"Copy it now: it is shown only this once. The client id is " + issued.client().clientId()
						+ "; it acts as " + issued.client().role() + " of this tenant.").open();
		refresh();
	}

	private static void confirm(String header, String text, String action, Runnable confirmed) {
		ConfirmDialog dialog = new ConfirmDialog(header, text, action, e -> confirmed.run());
		dialog.setId("api-client-confirm");
		dialog.setCancelable(true);
		dialog.setConfirmButtonTheme("error primary");
		dialog.open();
	}

	private void refresh() {
		grid.setItems(clients.list());
	}
}
