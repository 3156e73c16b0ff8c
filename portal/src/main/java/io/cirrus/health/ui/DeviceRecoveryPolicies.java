package io.cirrus.health.ui;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;

import io.cirrus.device.DeviceProfile;
import io.cirrus.device.DeviceProfiles;
import io.cirrus.health.DeviceHealth;
import io.cirrus.health.DeviceRecoveryPolicy;
import io.cirrus.shared.CirrusException;

/**
 * Device recovery per device profile: off, or "send a reboot command after N missed reports". Tenant admins and
 * developers change it; viewers read it.
 */
class DeviceRecoveryPolicies extends VerticalLayout {

	private final DeviceHealth health;

	private final DeviceProfiles profiles;

	private final boolean canChange;

	private final Grid<DeviceProfile> grid = new Grid<>();

	private Map<UUID, DeviceRecoveryPolicy> policies = Map.of();

	DeviceRecoveryPolicies(DeviceHealth health, DeviceProfiles profiles, boolean canChange) {
		this.health = health;
		this.profiles = profiles;
		this.canChange = canChange;
		setPadding(false);
		setId("device-recovery");
		grid.setId("device-recovery-policies");
		grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
		grid.addColumn(DeviceProfile::name).setHeader("Device profile").setAutoWidth(true);
		grid.addColumn(p -> "every " + p.reportingIntervalSeconds() + " s").setHeader("Expected reports").setAutoWidth(true);
		grid.addComponentColumn(this::policyCell).setHeader("Reboot command").setFlexGrow(2);
		grid.setAllRowsVisible(true);
		grid.setEmptyStateText("No device profiles yet.");
		add(new H2("Device recovery"),
				new Paragraph("Send a 'reboot' command to a device that missed this many expected reports (once per "
						+ "silence; each command is in the recovery log). Off unless you turn it on."),
				grid);
		show();
	}

	void show() {
		policies = health.policies().stream().collect(Collectors.toMap(DeviceRecoveryPolicy::profile, Function.identity()));
		grid.setItems(profiles.list());
	}

	private com.vaadin.flow.component.Component policyCell(DeviceProfile profile) {
		DeviceRecoveryPolicy policy = policies.get(profile.id());
		if (!canChange) {
			return new com.vaadin.flow.component.html.Span(policy == null ? "off"
					: "after " + policy.rebootAfterMissed() + " missed reports");
		}
		IntegerField missed = new IntegerField();
		missed.setPlaceholder("off");
		missed.setWidth("14em");
		missed.setMin(1);
		missed.setMax(1000);
		missed.setStepButtonsVisible(true);
		missed.setSuffixComponent(new com.vaadin.flow.component.html.Span("missed reports"));
		missed.setId("reboot-after-" + profile.name());
		missed.setAriaLabel("Missed reports before a reboot, devices of " + profile.name());
		if (policy != null) {
			missed.setValue(policy.rebootAfterMissed());
		}
		Button save = new Button("Save", e -> {
			try {
				health.setPolicy(profile.id(), missed.getValue());
				Notification.show("Devices of " + profile.name() + " get a reboot after " + missed.getValue()
						+ " missed reports", 3000, Notification.Position.BOTTOM_START);
				show();
			}
			catch (CirrusException problem) {
				missed.setInvalid(true);
				missed.setErrorMessage(problem.getMessage());
			}
		});
		save.setId("save-recovery-" + profile.name());
		save.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.PRIMARY);
		Button off = new Button("Turn off", e -> {
			health.removePolicy(profile.id());
			Notification.show("Automatic reboots off for " + profile.name(), 3000, Notification.Position.BOTTOM_START)
				.addThemeVariants(NotificationVariant.LUMO_CONTRAST);
			show();
		});
		off.addThemeVariants(ButtonVariant.SMALL);
		off.setEnabled(policy != null);
		HorizontalLayout row = new HorizontalLayout(missed, save, off);
		row.setAlignItems(Alignment.BASELINE);
		return row;
	}
}
