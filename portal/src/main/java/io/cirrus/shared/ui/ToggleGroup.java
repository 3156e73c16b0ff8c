package io.cirrus.shared.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;

/**
 * A choice of one value among a few shown side by side (1 h / 24 h / 7 d): toggle buttons in a labelled group,
 * the chosen one pressed ({@code aria-pressed}). A tab bar would promise tab panels that a range choice does not
 * have; native buttons are reached and pressed with the keyboard as they are.
 */
public class ToggleGroup<T> extends Div {

	private final Map<T, Button> buttons = new LinkedHashMap<>();

	private T value;

	public ToggleGroup(String label, List<T> values, Function<T, String> caption, Function<T, String> id, T initial,
			Consumer<T> chosen) {
		addClassName("cirrus-toggles");
		getElement().setAttribute("role", "group");
		getElement().setAttribute("aria-label", label);
		for (T item : values) {
			Button button = new Button(caption.apply(item), e -> {
				if (!item.equals(value)) {
					select(item);
					chosen.accept(item);
				}
			});
			button.setId(id.apply(item));
			button.addThemeVariants(ButtonVariant.LUMO_SMALL);
			buttons.put(item, button);
			add(button);
		}
		select(initial);
	}

	public T value() {
		return value;
	}

	/** Marks {@code item} chosen without telling the listener (the URL or a reload chose it). */
	public void select(T item) {
		value = item;
		buttons.forEach((key, button) -> {
			boolean pressed = key.equals(item);
			button.getElement().setAttribute("aria-pressed", Boolean.toString(pressed));
			if (pressed) {
				button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
			}
			else {
				button.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
			}
		});
	}
}
