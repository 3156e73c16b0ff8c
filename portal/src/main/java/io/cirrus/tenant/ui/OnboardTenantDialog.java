package io.cirrus.tenant.ui;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.ui.SecretDialog;
import io.cirrus.tenant.TenantOnboarding;

/**
 * Onboards a tenant: its name and alias, and its first admin. The service checks every field (the same checks as
 * the API) and its message goes under the field it names; on success the admin's temporary password is shown once.
 */
@org.springframework.modulith.NamedInterface("ui")
public class OnboardTenantDialog extends Dialog {

	private final TextField name = field(new TextField("Tenant name"), "onboard-name", true);

	private final TextField alias = field(new TextField("Alias"), "onboard-alias", true);

	private final EmailField email = field(new EmailField("Admin e-mail"), "onboard-admin-email", true);

	private final TextField username = field(new TextField("Admin username"), "onboard-admin-username", false);

	private final TextField firstName = field(new TextField("Admin first name"), "onboard-admin-first-name", true);

	private final TextField lastName = field(new TextField("Admin last name"), "onboard-admin-last-name", true);

	private final Paragraph error = new Paragraph();

	private final Map<String, TextFieldBase<?, String>> byField = Map.of("name", name, "alias", alias, "adminEmail",
			email, "adminUsername", username, "adminFirstName", firstName, "adminLastName", lastName);

	public OnboardTenantDialog(TenantOnboarding onboarding, Consumer<TenantOnboarding.Onboarded> onboarded) {
		setId("onboard-dialog");
		setHeaderTitle("Onboard tenant");
		setWidth("40em");
		setMaxWidth("100%");
		alias.setHelperText("Lower-case letters, digits and hyphens; what tokens carry. It cannot change later.");
		username.setHelperText("Optional: the e-mail address if empty.");
		error.setId("onboard-error");
		error.addClassName("cirrus-form-error");
		error.setVisible(false);
		FormLayout form = new FormLayout(name, alias, email, username, firstName, lastName);
		form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2));
		add(new Paragraph("Creates the Keycloak organization, its first tenant admin with a temporary password (Keycloak "
				+ "asks for a new one at the first sign-in) and the tenant in Cirrus."), form, error);
		Button create = new Button("Onboard", e -> submit(onboarding, onboarded));
		create.setId("onboard-submit");
		create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		Button cancel = new Button("Cancel", e -> close());
		cancel.setId("onboard-cancel");
		getFooter().add(cancel, create);
		setCloseOnOutsideClick(false);
		name.focus();
	}

	private void submit(TenantOnboarding onboarding, Consumer<TenantOnboarding.Onboarded> onboarded) {
		byField.values().forEach(f -> f.setInvalid(false));
		error.setVisible(false);
		try {
			TenantOnboarding.Onboarded done = onboarding.onboard(new TenantOnboarding.Request(name.getValue(),
					alias.getValue(), email.getValue(), username.getValue(), firstName.getValue(), lastName.getValue()));
			close();
			onboarded.accept(done);
			new SecretDialog("Tenant " + done.tenant().name() + " onboarded", "Temporary password of " + done.adminUsername(),
					done.temporaryPassword(), "Give this password to " + done.adminUsername() + " for the first sign-in, "
							+ "where Keycloak asks for a new one. It is shown only now and stored nowhere.")
				.open();
		}
		catch (CirrusException ex) {
			Map<?, ?> named = namedField(ex);
			TextFieldBase<?, String> field = named == null ? null : byField.get(named.get("field"));
			if (field != null) {
				field.setErrorMessage(field.getLabel() + " " + named.get("message") + ".");
				field.setInvalid(true);
				field.focus();
			}
			else {
				error.setText(ex.getMessage());
				error.setVisible(true);
			}
		}
	}

	/** The field and message of a validation problem, if it names a field. */
	private static Map<?, ?> namedField(CirrusException ex) {
		if (ex.properties().get("errors") instanceof List<?> errors && !errors.isEmpty()
				&& errors.getFirst() instanceof Map<?, ?> first && first.get("field") instanceof String) {
			return first;
		}
		return null;
	}

	private static <F extends TextFieldBase<?, String>> F field(F field, String id, boolean required) {
		field.setId(id);
		field.setRequiredIndicatorVisible(required);
		field.setWidthFull();
		// The service validates; the component's own checks would only repeat it in other words.
		field.setManualValidation(true);
		return field;
	}
}
