package io.cirrus.device.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;

/** Shows a device token once, with a copy button; after closing, nobody can see it again. */
final class TokenDialog extends Dialog {

	TokenDialog(String title, String deviceName, String token) {
		setId("token-dialog");
		setHeaderTitle(title);
		setWidth("44em");
		TextField field = new TextField("Access token of " + deviceName);
		field.setId("device-token");
		field.setValue(token);
		field.setReadOnly(true);
		field.setWidthFull();
		Button copy = new Button("Copy", VaadinIcon.COPY.create(), e -> {
			field.getElement().executeJs("return navigator.clipboard ? navigator.clipboard.writeText($0).then(() => true) : false", token);
			Notification.show("Token copied to the clipboard", 3000, Notification.Position.BOTTOM_START);
		});
		copy.setId("copy-token");
		HorizontalLayout row = new HorizontalLayout(field, copy);
		row.setWidthFull();
		row.setAlignItems(HorizontalLayout.Alignment.BASELINE);
		row.expand(field);
		add(new Paragraph("Copy the token now and configure the device with it: it is shown only this once and stored "
				+ "only as a hash. Devices send it as 'X-Device-Token: <token>'."), row);
		Button done = new Button("I have copied it", e -> close());
		done.setId("token-done");
		done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		getFooter().add(done);
		setCloseOnOutsideClick(false);
	}
}
