package io.cirrus.dashboard.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;

import io.cirrus.dashboard.DashboardRequest;
import io.cirrus.dashboard.DashboardRequest.WidgetRequest;
import io.cirrus.dashboard.Dashboards;
import io.cirrus.dashboard.Widget;
import io.cirrus.dashboard.Widget.Kind;
import io.cirrus.shared.CirrusException;

/**
 * Adds or edits one widget: its kind first, then only the fields that kind uses. OK checks the widget as a save
 * would and shows each problem on its field; a checked widget goes back to the dashboard's editor.
 */
class WidgetDialog extends Dialog {

	private final Dashboards dashboards;

	private final WidgetData data;

	private final Consumer<Widget> done;

	private final String id;

	private final Select<Kind> kind = new Select<>();

	private final TextField title = new TextField("Title");

	private final Select<Integer> width = new Select<>();

	private final Map<UUID, String> names = new HashMap<>();

	private final MultiSelectComboBox<UUID> devices = new MultiSelectComboBox<>("Devices");

	private final MultiSelectComboBox<String> keys = new MultiSelectComboBox<>("Telemetry keys");

	private final List<String> keyChoices = new ArrayList<>();

	private final Select<String> aggregation = new Select<>();

	private final Select<String> range = new Select<>();

	private final TextField unit = new TextField("Unit");

	private final NumberField min = new NumberField("Dial from");

	private final NumberField max = new NumberField("Dial to");

	private final NumberField warn = new NumberField("Warning at or above");

	private final NumberField bad = new NumberField("Bad at or above");

	private final Checkbox activeOnly = new Checkbox("Active alarms only", true);

	private final IntegerField limit = new IntegerField("Rows");

	private final Paragraph problem = new Paragraph();

	WidgetDialog(Dashboards dashboards, WidgetData data, Widget existing, Consumer<Widget> done) {
		this.dashboards = dashboards;
		this.data = data;
		this.done = done;
		this.id = existing == null ? UUID.randomUUID().toString().substring(0, 8) : existing.id();
		setHeaderTitle(existing == null ? "Add a widget" : "Edit widget");
		setId("widget-dialog");
		setWidth("min(42rem, 96vw)");

		kind.setLabel("Kind");
		kind.setId("widget-kind");
		kind.setItems(Kind.values());
		kind.setItemLabelGenerator(Kind::label);
		kind.addValueChangeListener(e -> showFieldsOf(e.getValue()));
		title.setId("widget-title");
		title.setHelperText("Empty: named after the kind");
		width.setLabel("Width");
		width.setId("widget-width");
		width.setItems(1, 2, 3, 4);
		width.setItemLabelGenerator(w -> w == 4 ? "whole row" : w + " of 4 columns");
		devices.setId("widget-devices");
		devices.setItemLabelGenerator(d -> names.computeIfAbsent(d, data::deviceName));
		devices.setItems(query -> data.devices(query.getFilter().orElse(""), query.getPage(), query.getPageSize())
			.peek(d -> names.put(d.id().value(), d.name()))
			.map(d -> d.id().value()));
		devices.addValueChangeListener(e -> loadKeys());
		keys.setId("widget-keys");
		keys.setAllowCustomValue(true);
		keys.setHelperText("Keys the devices reported; type another and press Enter");
		keys.addCustomValueSetListener(e -> {
			String typed = e.getDetail().strip();
			if (!typed.isEmpty()) {
				if (!keyChoices.contains(typed)) {
					keyChoices.add(typed);
					keys.setItems(keyChoices);
				}
				Set<String> selected = new LinkedHashSet<>(keys.getValue());
				selected.add(typed);
				keys.setValue(selected);
			}
		});
		aggregation.setLabel("Combine readings by");
		aggregation.setId("widget-aggregation");
		aggregation.setItems("avg", "min", "max", "count");
		aggregation.setItemLabelGenerator(a -> switch (a) {
			case "min" -> "minimum";
			case "max" -> "maximum";
			case "count" -> "count";
			default -> "average";
		});
		range.setLabel("Time range");
		range.setId("widget-range");
		range.setItems(Widget.Ranges.ALL);
		range.setItemLabelGenerator(r -> "last " + r.replace("h", " h").replace("d", " d"));
		unit.setId("widget-unit");
		unit.setHelperText("e.g. °C, %, kWh");
		min.setId("widget-min");
		max.setId("widget-max");
		warn.setId("widget-warn");
		bad.setId("widget-bad");
		activeOnly.setId("widget-active-only");
		limit.setId("widget-limit");
		limit.setMin(1);
		limit.setMax(50);
		problem.addClassName("cirrus-error");
		problem.setId("widget-problem");
		problem.setVisible(false);

		FormLayout form = new FormLayout(kind, title, width, devices, keys, aggregation, range, unit, min, max, warn, bad,
				activeOnly, limit);
		form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2));
		form.setColspan(devices, 2);
		form.setColspan(keys, 2);
		add(problem, form);

		Button ok = new Button(existing == null ? "Add" : "Apply", e -> apply());
		ok.setId("widget-ok");
		ok.addThemeVariants(ButtonVariant.PRIMARY);
		getFooter().add(new Button("Cancel", e -> close()), ok);

		if (existing == null) {
			kind.setValue(Kind.CHART);
			width.setValue(2);
			aggregation.setValue("avg");
			range.setValue("1h");
			limit.setValue(10);
		}
		else {
			kind.setValue(existing.kind());
			title.setValue(existing.title());
			width.setValue(existing.width());
			existing.devices().forEach(d -> names.put(d, data.deviceName(d)));
			devices.setValue(new LinkedHashSet<>(existing.devices()));
			loadKeys();
			keyChoices.addAll(existing.keys().stream().filter(k -> !keyChoices.contains(k)).toList());
			keys.setItems(keyChoices);
			keys.setValue(new LinkedHashSet<>(existing.keys()));
			aggregation.setValue(existing.aggregation() == null ? "avg" : existing.aggregation());
			range.setValue(existing.range() == null ? "1h" : existing.range());
			unit.setValue(existing.unit() == null ? "" : existing.unit());
			min.setValue(existing.min());
			max.setValue(existing.max());
			warn.setValue(existing.warn());
			bad.setValue(existing.bad());
			activeOnly.setValue(!Boolean.FALSE.equals(existing.activeOnly()));
			limit.setValue(existing.limit() == null ? 10 : existing.limit());
		}
	}

	private void loadKeys() {
		Set<String> chosen = new LinkedHashSet<>(keys.getValue());
		keyChoices.clear();
		keyChoices.addAll(data.keys(List.copyOf(devices.getValue())));
		chosen.stream().filter(k -> !keyChoices.contains(k)).forEach(keyChoices::add);
		keys.setItems(keyChoices);
		keys.setValue(chosen);
	}

	private void showFieldsOf(Kind chosen) {
		boolean readings = chosen == Kind.CHART || chosen == Kind.VALUE || chosen == Kind.GAUGE;
		devices.setVisible(chosen != Kind.NOTIFICATIONS);
		devices.setHelperText(switch (chosen) {
			case CHART -> "1 to 10 devices";
			case VALUE, GAUGE -> "One device";
			case ALARMS -> "Empty: alarms of every device";
			case DEVICES -> "Empty: the first devices by name";
			case NOTIFICATIONS -> "";
		});
		keys.setVisible(readings);
		unit.setVisible(readings);
		aggregation.setVisible(chosen == Kind.CHART);
		range.setVisible(chosen == Kind.CHART || chosen == Kind.NOTIFICATIONS);
		warn.setVisible(chosen == Kind.VALUE || chosen == Kind.GAUGE);
		bad.setVisible(chosen == Kind.VALUE || chosen == Kind.GAUGE);
		min.setVisible(chosen == Kind.GAUGE);
		max.setVisible(chosen == Kind.GAUGE);
		activeOnly.setVisible(chosen == Kind.ALARMS);
		limit.setVisible(chosen == Kind.ALARMS || chosen == Kind.DEVICES);
	}

	private void apply() {
		clearProblems();
		Kind chosen = kind.getValue();
		WidgetRequest request = new WidgetRequest(id, chosen == null ? null : chosen.id(), title.getValue(), width.getValue(),
				devices.getValue().stream().map(UUID::toString).toList(), List.copyOf(keys.getValue()),
				aggregation.getValue(), range.getValue(), unit.getValue(), min.getValue(), max.getValue(), warn.getValue(),
				bad.getValue(), activeOnly.getValue(), limit.getValue());
		try {
			Widget checked = dashboards.check(new DashboardRequest("draft", null, List.of(), List.of(request))).getFirst();
			done.accept(checked);
			close();
		}
		catch (CirrusException e) {
			showProblems(e);
		}
	}

	@SuppressWarnings("unchecked")
	private void showProblems(CirrusException e) {
		List<String> unplaced = new ArrayList<>();
		Object errors = e.properties().get("errors");
		if (errors instanceof List<?> list) {
			for (Object item : list) {
				Map<String, String> error = (Map<String, String>) item;
				String field = error.get("field").replaceFirst("^widgets\\[0\\]\\.", "").replaceFirst("\\[\\d+\\]$", "");
				HasValidation target = switch (field) {
					case "kind" -> kind;
					case "title" -> title;
					case "width" -> width;
					case "devices" -> devices;
					case "keys" -> keys;
					case "aggregation" -> aggregation;
					case "range" -> range;
					case "unit" -> unit;
					case "min" -> min;
					case "max" -> max;
					case "warn" -> warn;
					case "bad" -> bad;
					case "limit" -> limit;
					default -> null;
				};
				String message = capitalized(error.get("message")) + ".";
				if (target != null && !target.isInvalid()) {
					target.setErrorMessage(message);
					target.setInvalid(true);
				}
				else if (target == null) {
					unplaced.add(message);
				}
			}
		}
		else {
			unplaced.add(e.getMessage());
		}
		if (!unplaced.isEmpty()) {
			problem.setText(String.join(" ", unplaced));
			problem.setVisible(true);
		}
	}

	private void clearProblems() {
		problem.setVisible(false);
		for (HasValidation field : List.<HasValidation>of(kind, title, width, devices, keys, aggregation, range, unit, min,
				max, warn, bad, limit)) {
			field.setInvalid(false);
		}
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}
}
