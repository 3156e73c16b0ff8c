package io.cirrus.device.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import io.cirrus.device.DeviceProfile;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceRegistry.DeviceRequest;
import io.cirrus.device.DeviceRegistry.DeviceWithToken;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.CirrusException;
import tools.jackson.databind.json.JsonMapper;

/** Registers a device (name, profile, tags, metadata), then shows its token once. */
final class RegisterDialog extends Dialog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	RegisterDialog(DeviceRegistry registry, List<DeviceProfile> profiles, Consumer<DeviceSummary> registered) {
		setId("register-dialog");
		setHeaderTitle("Register a device");
		setWidth("36em");
		TextField name = new TextField("Name");
		name.setId("register-name");
		name.setRequired(true);
		name.setMaxLength(200);
		ComboBox<DeviceProfile> profile = new ComboBox<>("Profile");
		profile.setId("register-profile");
		profile.setItems(profiles);
		profile.setItemLabelGenerator(p -> p.name() + " (offline after " + p.inactivityTimeoutSeconds() + " s)");
		profiles.stream().filter(DeviceProfile::defaultProfile).findFirst().ifPresent(profile::setValue);
		TextField tags = new TextField("Tags");
		tags.setId("register-tags");
		tags.setHelperText("Separated by commas, e.g. floor-3, hvac");
		TextArea metadata = new TextArea("Metadata (JSON object)");
		metadata.setId("register-metadata");
		metadata.setPlaceholder("{\"serial\": \"SN-1\"}");
		add(new FormLayout(name, profile, tags, metadata));

		Button save = new Button("Register", e -> {
			Map<String, Object> meta;
			try {
				meta = parse(metadata.getValue());
				metadata.setInvalid(false);
			}
			catch (IllegalArgumentException ex) {
				metadata.setInvalid(true);
				metadata.setErrorMessage(ex.getMessage());
				return;
			}
			try {
				DeviceWithToken created = registry.register(new DeviceRequest(name.getValue(),
						profile.getValue() == null ? null : profile.getValue().id(),
						Arrays.stream(tags.getValue().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList(), meta));
				close();
				registered.accept(created.device());
				new TokenDialog("Device registered", created.device().name(), created.token()).open();
			}
			catch (CirrusException ex) {
				showErrors(ex, name, tags, metadata);
			}
		});
		save.setId("register-save");
		save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		getFooter().add(new Button("Cancel", e -> close()), save);
	}

	static Map<String, Object> parse(String text) {
		if (text == null || text.isBlank()) {
			return Map.of();
		}
		Object value;
		try {
			value = JSON.readValue(text, Object.class);
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("Not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException("Must be a JSON object, e.g. {\"serial\": \"SN-1\"}");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> object = (Map<String, Object>) map;
		return object;
	}

	/** Marks the fields a validation problem names; anything else goes under the name field. */
	static void showErrors(CirrusException e, TextField name, TextField tags, TextArea metadata) {
		boolean shown = false;
		if (e.properties().get("errors") instanceof List<?> errors) {
			for (Object error : errors) {
				if (error instanceof Map<?, ?> fieldError) {
					String message = String.valueOf(fieldError.get("message"));
					switch (String.valueOf(fieldError.get("field"))) {
						case "name" -> mark(name, message);
						case "tags" -> mark(tags, message);
						case "metadata" -> {
							metadata.setInvalid(true);
							metadata.setErrorMessage(message);
						}
						default -> mark(name, e.getMessage());
					}
					shown = true;
				}
			}
		}
		if (!shown) {
			mark(name, e.getMessage());
		}
	}

	private static void mark(TextField field, String message) {
		field.setInvalid(true);
		field.setErrorMessage(message);
	}
}
