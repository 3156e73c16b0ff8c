package io.cirrus.device.ui;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.device.DeviceProfile;
import io.cirrus.device.DeviceProfiles;
import io.cirrus.device.DeviceProfiles.ProfileRequest;
import io.cirrus.device.DeviceProfiles.SavedProfile;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.SecretDialog;

import jakarta.annotation.security.RolesAllowed;

/** Device profiles: reporting interval, inactivity timeout, self-provisioning (the secret is shown once). */
@Route("device-profiles")
@PageTitle("Device profiles · Cirrus")
@Menu(title = "Device profiles", order = 4, icon = "SLIDERS")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class DeviceProfilesView extends VerticalLayout {

	private final DeviceProfiles profiles;

	private final Grid<DeviceProfile> grid = new Grid<>();

	DeviceProfilesView(DeviceProfiles profiles) {
		this.profiles = profiles;
		setId("device-profiles");
		boolean manager = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		grid.setId("profile-grid");
		grid.addColumn(DeviceProfile::name).setHeader("Name").setFlexGrow(2);
		grid.addColumn(DeviceProfile::type).setHeader("Type");
		grid.addColumn(p -> p.reportingIntervalSeconds() + " s").setHeader("Reporting interval");
		grid.addColumn(p -> p.inactivityTimeoutSeconds() + " s").setHeader("Offline after");
		grid.addColumn(p -> p.defaultProfile() ? "default" : "").setHeader("");
		grid.addColumn(p -> p.provisionKey() == null ? "off" : p.provisionKey()).setHeader("Self-provisioning key").setFlexGrow(2);
		if (manager) {
			grid.addComponentColumn(p -> {
				Button edit = new Button("Edit", e -> edit(p));
				Button delete = new Button("Delete", e -> {
					try {
						profiles.delete(p.id());
						refresh();
					}
					catch (CirrusException ex) {
						Notification.show(ex.getMessage(), 5000, Notification.Position.MIDDLE);
					}
				});
				delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
				delete.setEnabled(!p.defaultProfile());
				return new HorizontalLayout(edit, delete);
			}).setAutoWidth(true);
		}
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("No device profiles yet.");
		add(new H1("Device profiles"));
		if (manager) {
			Button create = new Button("New profile", e -> edit(null));
			create.setId("profile-new");
			create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
			add(create);
		}
		add(grid);
		refresh();
	}

	private void edit(DeviceProfile existing) {
		Dialog dialog = new Dialog();
		dialog.setHeaderTitle(existing == null ? "New device profile" : "Edit " + existing.name());
		TextField name = new TextField("Name");
		name.setId("profile-name");
		TextField type = new TextField("Type");
		IntegerField interval = new IntegerField("Expected reporting interval (s)");
		interval.setId("profile-interval");
		IntegerField timeout = new IntegerField("Offline after (s without a message)");
		timeout.setId("profile-timeout");
		Checkbox provisioning = new Checkbox("Devices may register themselves (provisioning key and secret)");
		if (existing != null) {
			name.setValue(existing.name());
			type.setValue(existing.type());
			interval.setValue(existing.reportingIntervalSeconds());
			timeout.setValue(existing.inactivityTimeoutSeconds());
			provisioning.setValue(existing.provisionKey() != null);
		}
		else {
			type.setValue("generic");
		}
		dialog.add(new FormLayout(name, type, interval, timeout, provisioning));
		Map<String, HasValidation> fields = Map.of("name", name, "type", type, "reportingIntervalSeconds", interval,
				"inactivityTimeoutSeconds", timeout);
		Button save = new Button("Save", e -> {
			fields.values().forEach(f -> f.setInvalid(false));
			if (name.getValue().isBlank()) {
				name.setErrorMessage("Give the profile a name.");
				name.setInvalid(true);
				return;
			}
			try {
				ProfileRequest request = new ProfileRequest(name.getValue(), type.getValue(), interval.getValue(),
						timeout.getValue(), provisioning.getValue());
				SavedProfile saved = existing == null ? profiles.create(request) : profiles.update(existing.id(), request);
				dialog.close();
				refresh();
				if (saved.provisionSecret() != null) {
					new SecretDialog("Self-provisioning enabled", "Provisioning secret", saved.provisionSecret(),
							"Devices of " + saved.profile().name() + " register themselves with the provisioning key "
									+ saved.profile().provisionKey() + " and this secret. Copy the secret now: it is shown "
									+ "only this once.").open();
				}
			}
			catch (CirrusException ex) {
				showErrors(ex, fields, name);
			}
		});
		save.setId("profile-save");
		save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
		dialog.open();
	}

	/** Each problem on the field it concerns, in plain words ("Must be between 1 and 86400 seconds."). */
	static void showErrors(CirrusException e, Map<String, HasValidation> fields, HasValidation fallback) {
		boolean shown = false;
		if (e.properties().get("errors") instanceof List<?> errors) {
			for (Object error : errors) {
				if (error instanceof Map<?, ?> fieldError && fields.get(String.valueOf(fieldError.get("field"))) instanceof HasValidation field) {
					field.setErrorMessage(sentence(String.valueOf(fieldError.get("message"))));
					field.setInvalid(true);
					shown = true;
				}
			}
		}
		if (!shown) {
			fallback.setErrorMessage(e.getMessage());
			fallback.setInvalid(true);
		}
	}

	/** "must be at least 1" becomes "Must be at least 1."; "is already ..." becomes "This is already ...". */
	static String sentence(String message) {
		String text = message.strip();
		if (text.startsWith("is ")) {
			text = "This " + text;
		}
		text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
		return text.endsWith(".") ? text : text + ".";
	}

	private void refresh() {
		grid.setItems(profiles.list());
	}
}
