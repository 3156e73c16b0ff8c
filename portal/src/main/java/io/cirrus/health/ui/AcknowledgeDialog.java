package io.cirrus.health.ui;

import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextArea;

import io.cirrus.health.Alarm;

/** Asks for an optional note and acknowledges the alarm. */
class AcknowledgeDialog extends Dialog {

	AcknowledgeDialog(Alarm alarm, Consumer<String> acknowledge) {
		this("Acknowledge: " + alarm.ruleName() + " on " + alarm.entityName(), acknowledge);
	}

	/** For several alarms at once, under {@code title}. */
	AcknowledgeDialog(String title, Consumer<String> acknowledge) {
		setHeaderTitle(title);
		TextArea note = new TextArea("Note (optional)");
		note.setId("acknowledge-note");
		note.setMaxLength(500);
		note.setWidthFull();
		note.setHelperText("What you are doing about it, for your team");
		add(note);
		Button confirm = new Button("Acknowledge", e -> {
			acknowledge.accept(note.getValue());
			close();
		});
		confirm.setId("acknowledge-confirm");
		confirm.addThemeVariants(ButtonVariant.PRIMARY);
		getFooter().add(new Button("Cancel", e -> close()), confirm);
	}
}
