package io.cirrus.app.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;

import io.cirrus.app.AppFormat;
import io.cirrus.app.AppVersion;
import io.cirrus.app.Apps;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.TenantContext;

/**
 * Names a new app and creates it with a first version to start from: every reading of the tenant's devices notifies
 * its author in the portal, which the designer then shapes.
 */
class NewAppDialog extends Dialog {

	NewAppDialog(Apps apps) {
		setHeaderTitle("New app");
		TextField name = new TextField("Name");
		name.setId("new-app-name");
		name.setRequiredIndicatorVisible(true);
		name.setMaxLength(100);
		name.setWidthFull();
		name.setHelperText("Unique within your tenant. You design the rest in the designer.");
		add(new Paragraph("The app starts with one trigger (readings of your devices) and one rule that notifies you; "
				+ "change both in the designer."), name);
		Button create = new Button("Create and design", e -> {
			if (name.getValue().isBlank()) {
				name.setErrorMessage("Give the app a name.");
				name.setInvalid(true);
				return;
			}
			try {
				AppVersion created = apps.create(starter(name.getValue().strip()), AppFormat.YAML);
				close();
				AppNavigation.toApp(created.app());
			}
			catch (CirrusException ex) {
				name.setErrorMessage(ex.getMessage());
				name.setInvalid(true);
			}
		});
		create.setId("new-app-create");
		create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		getFooter().add(new Button("Cancel", e -> close()), create);
		name.focus();
	}

	static String starter(String name) {
		String me = TenantContext.currentUser().map(u -> u.username()).orElse("me");
		return """
				name: "%s"
				permissions:
				  devices: {}
				  actions: [notify]
				triggers:
				  - id: readings
				    kind: telemetry
				rules:
				  - id: notify
				    actions:
				      - kind: notify
				        recipients: ["user:%s"]
				        channels: [inbox]
				        title: "{{ device.name }} sent a reading"
				""".formatted(name.replace("\\", "\\\\").replace("\"", "\\\""), me);
	}
}
