package io.cirrus.health.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.ui.DeviceNavigation;
import io.cirrus.health.Alarm;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.ui.Times;

/** Alarms in a grid: severity, rule, entity, times, acknowledgement; an Acknowledge button when allowed. */
class AlarmGrid extends Grid<Alarm> {

	private final DeviceRegistry devices;

	private final Map<UUID, String> deviceNames = new HashMap<>();

	/** {@code devices} names the devices alarms are about; null where there is no tenant (the platform's alarms). */
	AlarmGrid(String id, boolean canAcknowledge, Consumer<Alarm> acknowledge, DeviceRegistry devices) {
		this.devices = devices;
		setId(id);
		addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
		addComponentColumn(alarm -> {
			Span severity = new Span(alarm.severity().name());
			severity.addClassName("severity-" + alarm.severity().name());
			return severity;
		}).setHeader("Severity").setAutoWidth(true).setFlexGrow(0);
		addColumn(Alarm::ruleName).setHeader("Rule").setAutoWidth(true);
		addComponentColumn(this::entity).setHeader("Entity").setAutoWidth(true);
		addColumn(Alarm::message).setHeader("Condition").setFlexGrow(2);
		addColumn(alarm -> Times.dateTime(alarm.raisedAt())).setHeader("Raised").setAutoWidth(true);
		addColumn(alarm -> alarm.state() == Alarm.State.CLEARED ? "cleared " + Times.dateTime(alarm.clearedAt()) : "active")
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
		setEmptyStateText("No alarms.");
	}

	/** The entity by name; a device's name (looked up: alarms may have stored its id) links to its page. */
	private Component entity(Alarm alarm) {
		Optional<UUID> device = alarm.ruleId() != null && devices != null ? uuid(alarm.entity()) : Optional.empty();
		if (device.isPresent()) {
			String name = deviceNames.computeIfAbsent(device.get(), id -> {
				try {
					return devices.get(new DeviceId(id)).name();
				}
				catch (CirrusException e) {
					return alarm.entityName();
				}
			});
			Anchor link = new Anchor(DeviceNavigation.devicePath(new DeviceId(device.get())), name);
			link.addClassName("alarm-entity");
			return link;
		}
		Span name = new Span(alarm.entityName());
		name.addClassName("alarm-entity");
		return name;
	}

	private static Optional<UUID> uuid(String text) {
		try {
			return Optional.of(UUID.fromString(text));
		}
		catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}

	void show(List<Alarm> alarms) {
		deviceNames.clear();
		setItems(alarms);
	}
}
