package io.cirrus.health.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;

import io.cirrus.health.Alarm;

/** Alarms in a grid: severity, rule, entity, times, acknowledgement; an Acknowledge button when allowed. */
class AlarmGrid extends Grid<Alarm> {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

	AlarmGrid(String id, boolean canAcknowledge, Consumer<Alarm> acknowledge) {
		setId(id);
		addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
		addComponentColumn(alarm -> {
			Span severity = new Span(alarm.severity().name());
			severity.addClassName("severity-" + alarm.severity().name());
			return severity;
		}).setHeader("Severity").setAutoWidth(true).setFlexGrow(0);
		addColumn(Alarm::ruleName).setHeader("Rule").setAutoWidth(true);
		addColumn(Alarm::entityName).setHeader("Entity").setAutoWidth(true);
		addColumn(Alarm::message).setHeader("Condition").setFlexGrow(2);
		addColumn(alarm -> WHEN.format(alarm.raisedAt())).setHeader("Raised").setAutoWidth(true);
		addColumn(alarm -> alarm.state() == Alarm.State.CLEARED ? "cleared " + WHEN.format(alarm.clearedAt()) : "active")
			.setHeader("State")
			.setAutoWidth(true);
		addComponentColumn(alarm -> {
			if (alarm.acknowledged()) {
				Span by = new Span(alarm.acknowledgedBy() + (alarm.acknowledgementNote() == null ? "" : ": " + alarm.acknowledgementNote()));
				by.addClassName("cirrus-muted");
				return by;
			}
			if (!canAcknowledge || alarm.state() != Alarm.State.ACTIVE) {
				return new Span("—");
			}
			Button button = new Button("Acknowledge", e -> acknowledge.accept(alarm));
			button.addThemeVariants(ButtonVariant.SMALL);
			button.addClassName("acknowledge");
			return button;
		}).setHeader("Acknowledged").setAutoWidth(true);
		setAllRowsVisible(true);
	}

	void show(List<Alarm> alarms) {
		setItems(alarms);
	}
}
