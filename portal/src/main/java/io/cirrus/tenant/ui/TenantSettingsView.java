package io.cirrus.tenant.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.TreeSet;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.BeanValidationBinder;
import com.vaadin.flow.data.binder.ValidationException;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.Times;
import io.cirrus.tenant.TenantSettings;
import io.cirrus.tenant.TenantSettingsService;
import io.cirrus.tenant.TenantSettingsUpdate;

import jakarta.annotation.security.RolesAllowed;

/**
 * The tenant's settings: a tenant admin edits and saves them (the form says what to fix before anything is sent);
 * a developer sees them read-only; a viewer does not see the page.
 */
@Route("settings")
@PageTitle("Settings · Cirrus")
@Menu(title = "Settings", order = 90, icon = "COG")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER })
class TenantSettingsView extends VerticalLayout {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

	private final TenantSettingsService service;

	private final TextField displayName = new TextField("Display name");

	private final EmailField contactEmail = new EmailField("Contact e-mail");

	private final ComboBox<String> timeZone = new ComboBox<>("Time zone");

	private final Paragraph lastChange = new Paragraph();

	private final BeanValidationBinder<TenantSettingsUpdate> binder = new BeanValidationBinder<>(TenantSettingsUpdate.class);

	TenantSettingsView(TenantSettingsService service) {
		this.service = service;
		boolean editable = TenantContext.currentUser().map(u -> u.hasRole(Roles.TENANT_ADMIN)).orElse(false);

		displayName.setId("settings-display-name");
		displayName.setMaxLength(100);
		displayName.setRequiredIndicatorVisible(true);
		contactEmail.setId("settings-contact-email");
		contactEmail.setHelperText("Where Cirrus writes about your account");
		timeZone.setId("settings-time-zone");
		timeZone.setItems(new TreeSet<>(ZoneId.getAvailableZoneIds()));
		timeZone.setHelperText("Every time the portal shows, in charts and lists, is in this zone");
		lastChange.setId("settings-last-change");
		lastChange.addClassName("cirrus-muted");

		binder.forField(displayName).bind("displayName");
		binder.forField(contactEmail).bind("contactEmail");
		binder.forField(timeZone).bind("timeZone");

		FormLayout form = new FormLayout(displayName, contactEmail, timeZone);
		form.setMaxWidth("40em");
		add(new H1("Tenant settings"), form, lastChange);

		if (editable) {
			Button save = new Button("Save", e -> save());
			save.setId("settings-save");
			save.addThemeVariants(ButtonVariant.PRIMARY);
			add(save);
		}
		else {
			binder.setReadOnly(true);
			add(new Paragraph("Only a tenant admin can change these settings."));
		}
		show(service.current());
	}

	private void show(TenantSettings settings) {
		binder.readRecord(new TenantSettingsUpdate(settings.displayName(), settings.contactEmail(), settings.timeZone()));
		lastChange.setText(settings.updatedAt() == null ? "Defaults; never changed."
				: "Last changed by " + settings.updatedBy() + " on "
						+ WHEN.format(settings.updatedAt().atZone(ZoneId.of(settings.timeZone()))));
	}

	private void save() {
		try {
			TenantSettingsUpdate update = binder.writeRecord();
			TenantSettings saved = service.update(update);
			// This session shows times in the new zone from the next page on; others at their next page load.
			Times.use(ZoneId.of(saved.timeZone()));
			show(saved);
			Notification.show("Settings saved", 3000, Notification.Position.BOTTOM_START)
				.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
		}
		catch (ValidationException e) {
			Notification.show("Check the highlighted fields", 4000, Notification.Position.BOTTOM_START)
				.addThemeVariants(NotificationVariant.LUMO_WARNING);
		}
	}
}
