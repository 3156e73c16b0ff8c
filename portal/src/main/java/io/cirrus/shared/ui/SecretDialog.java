package io.cirrus.shared.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;

/**
 * Shows a secret once (a signing secret, a provisioning secret) in a read-only field with a copy button; closing the
 * dialog is the last chance to see it.
 */
public class SecretDialog extends Dialog {

	public SecretDialog(String title, String label, String secret, String explanation) {
		setId("secret-dialog");
		setHeaderTitle(title);
		setWidth("44em");
		setMaxWidth("100%");
		TextField field = new TextField(label);
		field.setId("secret-value");
		field.setValue(secret);
		field.setReadOnly(true);
		field.setWidthFull();
		Button copy = new Button("Copy", VaadinIcon.COPY.create(), e -> {
			field.getElement().executeJs("return navigator.clipboard ? navigator.clipboard.writeText($0).then(() => true) : false", secret);
			Notification.show("Copied to the clipboard", 3000, Notification.Position.BOTTOM_START);
		});
		copy.setId("copy-secret");
		copy.setAriaLabel("Copy " + label.toLowerCase(java.util.Locale.ROOT));
		HorizontalLayout row = new HorizontalLayout(field, copy);
		row.setWidthFull();
		row.setAlignItems(FlexComponent.Alignment.BASELINE);
		row.expand(field);
		add(new Paragraph(explanation), row);
		Button done = new Button("I have copied it", e -> close());
		done.setId("secret-done");
		done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		getFooter().add(done);
		setCloseOnOutsideClick(false);
	}
}
