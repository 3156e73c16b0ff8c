package io.cirrus.health.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.BeanValidationBinder;
import com.vaadin.flow.data.binder.ValidationException;

import io.cirrus.health.AlarmRule;
import io.cirrus.health.AlarmRuleDefinition;
import io.cirrus.health.AlarmSource;
import io.cirrus.health.Comparison;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.Severity;
import io.cirrus.shared.CirrusException;

/**
 * Creates or edits an alarm rule. The form checks what it can before sending; what only the server can know (a
 * telemetry key nobody reports, a malformed selector) comes back on the field it concerns.
 */
class AlarmRuleDialog extends Dialog {

	private final TextField name = new TextField("Name");

	private final Select<AlarmSource> source = new Select<>();

	private final ComboBox<String> metric = new ComboBox<>("Key or metric");

	private final TextField selector = new TextField("Devices");

	private final Select<String> operator = new Select<>();

	private final NumberField threshold = new NumberField("Threshold");

	private final IntegerField duration = new IntegerField("For (seconds)");

	private final Select<Severity> severity = new Select<>();

	private final Checkbox enabled = new Checkbox("Enabled", true);

	private final BeanValidationBinder<AlarmRuleDefinition> binder = new BeanValidationBinder<>(AlarmRuleDefinition.class);

	AlarmRuleDialog(AlarmRule existing, Function<AlarmRuleDefinition, AlarmRule> save, Runnable saved) {
		setHeaderTitle(existing == null ? "New alarm rule" : "Edit alarm rule");
		name.setId("rule-name");
		source.setLabel("Watches");
		source.setId("rule-source");
		source.setItems(AlarmSource.values());
		source.setItemLabelGenerator(s -> s == AlarmSource.TELEMETRY ? "a telemetry key of devices" : "a tenant health metric");
		metric.setId("rule-metric");
		metric.setAllowCustomValue(true);
		metric.addCustomValueSetListener(e -> metric.setValue(e.getDetail()));
		metric.setHelperText("e.g. temperature, or devices.offline for a health rule");
		selector.setId("rule-selector");
		selector.setHelperText("all, or device:<id>");
		operator.setLabel("Operator");
		operator.setId("rule-operator");
		operator.setItems(Arrays.stream(Comparison.values()).map(Comparison::symbol).toList());
		threshold.setId("rule-threshold");
		duration.setId("rule-duration");
		duration.setMin(0);
		duration.setHelperText("How long the condition must hold; 0 raises at once");
		severity.setLabel("Severity");
		severity.setId("rule-severity");
		severity.setItems(Severity.values());
		source.addValueChangeListener(e -> {
			boolean health = e.getValue() == AlarmSource.HEALTH;
			selector.setEnabled(!health);
			metric.setItems(health ? Arrays.stream(HealthMetric.values())
				.filter(m -> m.scope() == HealthMetric.Scope.TENANT)
				.map(HealthMetric::key)
				.toList() : List.of());
		});

		binder.forField(name).bind("name");
		binder.forField(source).bind("source");
		binder.forField(metric).bind("metric");
		binder.forField(selector).bind("selector");
		binder.forField(operator).bind("operator");
		binder.forField(threshold).bind("threshold");
		binder.forField(duration).bind("durationSeconds");
		binder.forField(severity).bind("severity");
		binder.forField(enabled).bind("enabled");
		binder.readRecord(existing == null
				? new AlarmRuleDefinition("", AlarmSource.TELEMETRY, "", "all", ">", 0.0, 60, Severity.MAJOR, true)
				: new AlarmRuleDefinition(existing.name(), existing.source(), existing.metric(), existing.selector(),
						existing.operator().symbol(), existing.threshold(), existing.durationSeconds(), existing.severity(),
						existing.enabled()));

		add(new FormLayout(name, source, metric, selector, operator, threshold, duration, severity, enabled));
		Button ok = new Button("Save", e -> {
			try {
				save.apply(binder.writeRecord());
				saved.run();
				close();
			}
			catch (ValidationException invalid) {
				// the fields show what to fix
			}
			catch (CirrusException refused) {
				showOnField(refused);
			}
		});
		ok.setId("rule-save");
		ok.addThemeVariants(ButtonVariant.PRIMARY);
		getFooter().add(new Button("Cancel", e -> close()), ok);
	}

	private void showOnField(CirrusException refused) {
		Map<String, HasValidation> fields = Map.of("name", name, "metric", metric, "selector", selector, "operator",
				operator, "threshold", threshold, "durationSeconds", duration);
		if (refused.properties().get("errors") instanceof List<?> errors && !errors.isEmpty()
				&& errors.getFirst() instanceof Map<?, ?> error && fields.containsKey(String.valueOf(error.get("field")))) {
			HasValidation field = fields.get(String.valueOf(error.get("field")));
			field.setErrorMessage(String.valueOf(error.get("message")));
			field.setInvalid(true);
			return;
		}
		throw refused;
	}
}
