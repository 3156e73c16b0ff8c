package io.cirrus.tenant.ui;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.ui.SecretDialog;
import io.cirrus.tenant.TenantMembers;
import jakarta.annotation.security.RolesAllowed;

/**
 * The tenant's users (tenant admins): invite one with a role (a temporary password shown once), change a role,
 * disable or enable, remove. What the service refuses (the last tenant admin, a platform admin) is said in a
 * notification with what to do instead.
 */
@Route("users")
@PageTitle("Users · Cirrus")
@Menu(title = "Users", order = 91, icon = "USERS")
@RolesAllowed(Roles.TENANT_ADMIN)
class UsersView extends VerticalLayout {

	private final TenantMembers members;

	private final Grid<TenantMembers.User> grid = new Grid<>();

	UsersView(TenantMembers members) {
		this.members = members;
		setId("users");
		EmailField email = new EmailField("E-mail");
		email.setId("invite-email");
		TextField firstName = new TextField("First name");
		firstName.setId("invite-first-name");
		TextField lastName = new TextField("Last name");
		lastName.setId("invite-last-name");
		ComboBox<String> role = new ComboBox<>("Role", Roles.TENANT_ROLES);
		role.setId("invite-role");
		role.setValue(Roles.VIEWER);
		Button invite = new Button("Invite user", e -> {
			try {
				TenantMembers.Invited invited = members.invite(new TenantMembers.Invitation(email.getValue(), null,
						firstName.getValue(), lastName.getValue(), role.getValue()));
				new SecretDialog("User invited", "Temporary password of " + invited.user().username(),
						invited.temporaryPassword(), "Give it to " + invited.user().firstName() + " (it is shown only this once): "
								+ "at the first sign-in as " + invited.user().username() + ", Keycloak asks for a new password.").open();
				email.clear();
				firstName.clear();
				lastName.clear();
				refresh();
			}
			catch (CirrusException ex) {
				Map<String, HasValidation> fields = Map.of("email", email,
						"firstName", firstName, "lastName", lastName, "role", role);
				if (ex.properties().get("errors") instanceof List<?> errors && !errors.isEmpty()
						&& errors.getFirst() instanceof Map<?, ?> error && fields.get(error.get("field")) != null) {
					HasValidation field = fields.get(error.get("field"));
					field.setErrorMessage(ex.getMessage());
					field.setInvalid(true);
				}
				else {
					refused(ex);
				}
			}
		});
		invite.setId("invite-user");
		invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		HorizontalLayout form = new HorizontalLayout(email, firstName, lastName, role, invite);
		form.setWrap(true);
		form.setAlignItems(Alignment.BASELINE);

		grid.setId("user-grid");
		grid.addColumn(TenantMembers.User::username).setHeader("Username").setFlexGrow(2);
		grid.addColumn(u -> (nullToEmpty(u.firstName()) + " " + nullToEmpty(u.lastName())).strip()).setHeader("Name").setFlexGrow(2);
		grid.addColumn(u -> nullToEmpty(u.email())).setHeader("E-mail").setFlexGrow(2);
		grid.addComponentColumn(this::roleSelect).setHeader("Role").setAutoWidth(true);
		grid.addComponentColumn(u -> {
			Span state = new Span(u.enabled() ? "Enabled" : "Disabled");
			state.getElement().getThemeList().add(u.enabled() ? "badge success" : "badge contrast");
			return state;
		}).setHeader("Status").setAutoWidth(true);
		grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true);
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("No users yet.");
		add(new H1("Users"), form, grid);
		refresh();
	}

	private ComboBox<String> roleSelect(TenantMembers.User user) {
		ComboBox<String> select = new ComboBox<>();
		select.setItems(Roles.TENANT_ROLES);
		select.setValue(user.role());
		select.setAriaLabel("Role of " + user.username());
		select.setId("user-role-" + user.id());
		select.setWidth("11em");
		select.addValueChangeListener(e -> {
			if (!e.isFromClient() || e.getValue() == null || e.getValue().equals(user.role())) {
				return;
			}
			try {
				members.changeRole(user.id(), e.getValue());
				Notification.show(user.username() + " is a " + e.getValue() + " now; it applies within a minute.", 4000,
						Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
			}
			catch (CirrusException ex) {
				refused(ex);
			}
			refresh();
		});
		return select;
	}

	private HorizontalLayout actions(TenantMembers.User user) {
		Button toggle = new Button(user.enabled() ? "Disable" : "Enable", e -> {
			if (user.enabled()) {
				confirm("Disable " + user.username() + "?", "They cannot sign in any more, and their open sessions end.",
						"Disable", () -> members.setEnabled(user.id(), false));
			}
			else {
				run(() -> members.setEnabled(user.id(), true));
			}
		});
		toggle.setAriaLabel((user.enabled() ? "Disable " : "Enable ") + user.username());
		Button remove = new Button("Remove", e -> confirm("Remove " + user.username() + "?",
				"Their account is deleted: they cannot sign in again. This cannot be undone.", "Remove",
				() -> members.remove(user.id())));
		remove.setAriaLabel("Remove " + user.username());
		remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
		HorizontalLayout row = new HorizontalLayout(toggle, remove);
		row.getChildren().forEach(c -> ((Button) c).addThemeVariants(ButtonVariant.LUMO_SMALL));
		return row;
	}

	private void confirm(String header, String text, String action, Runnable confirmed) {
		ConfirmDialog dialog = new ConfirmDialog(header, text, action, e -> run(confirmed));
		dialog.setId("user-confirm");
		dialog.setCancelable(true);
		dialog.setConfirmButtonTheme("error primary");
		dialog.open();
	}

	private void run(Runnable change) {
		try {
			change.run();
		}
		catch (CirrusException ex) {
			refused(ex);
		}
		refresh();
	}

	private static void refused(CirrusException ex) {
		Notification shown = Notification.show(ex.getMessage(), 8000, Notification.Position.MIDDLE);
		shown.addThemeVariants(NotificationVariant.LUMO_ERROR);
		shown.setId("user-refused");
	}

	private static String nullToEmpty(String text) {
		return text == null ? "" : text;
	}

	private void refresh() {
		grid.setItems(members.list());
	}
}
