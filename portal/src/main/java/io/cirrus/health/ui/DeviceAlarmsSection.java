package io.cirrus.health.ui;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceSummary;
import io.cirrus.device.ui.DeviceDetailSection;
import io.cirrus.health.Alarm;
import io.cirrus.health.AlarmFilter;
import io.cirrus.health.Alarms;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.LiveRefresh;

/** The device page's alarms: active ones first, then its history, live; acknowledged in place by who may. */
@Component
class DeviceAlarmsSection implements DeviceDetailSection {

	static final int SHOWN = 20;

	private final Alarms alarms;

	private final DeviceRegistry devices;

	DeviceAlarmsSection(Alarms alarms, DeviceRegistry devices) {
		this.alarms = alarms;
		this.devices = devices;
	}

	@Override
	public String title() {
		return "Alarms";
	}

	@Override
	public int order() {
		return 15;
	}

	@Override
	public com.vaadin.flow.component.Component create(DeviceSummary device) {
		VerticalLayout panel = new VerticalLayout();
		panel.setPadding(false);
		panel.setId("device-alarms-section");
		boolean canAcknowledge = TenantContext.currentUser()
			.map(u -> u.hasRole(Roles.TENANT_ADMIN) || u.hasRole(Roles.DEVELOPER))
			.orElse(false);
		AlarmFilter filter = new AlarmFilter(Set.of(), null, device.id().toString(), null, null, SHOWN);
		AlarmGrid[] grid = new AlarmGrid[1];
		List<?>[] shown = { List.of() };
		Runnable refresh = () -> {
			List<Alarm> list = alarms.search(filter);
			if (!list.equals(shown[0])) {
				shown[0] = list;
				grid[0].show(list);
			}
		};
		grid[0] = new AlarmGrid("device-alarms", canAcknowledge, alarm -> new AcknowledgeDialog(alarm, note -> {
			alarms.acknowledge(alarm.id(), note);
			Notification.show("Alarm acknowledged", 3000, Notification.Position.BOTTOM_START);
			refresh.run();
		}).open(), devices);
		grid[0].setEmptyStateText("No alarms for this device.");
		panel.add(grid[0], new Anchor("alarms", "All alarms"));
		refresh.run();
		LiveRefresh.every(panel, Duration.ofSeconds(5), refresh);
		return panel;
	}
}
