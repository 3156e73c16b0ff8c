package io.cirrus.device.ui;

import com.vaadin.flow.component.UI;

import io.cirrus.shared.DeviceId;

/** Typed navigation to the device views, for other features' views (a device link in an alarm, say). */
@org.springframework.modulith.NamedInterface("ui")
public final class DeviceNavigation {

	private DeviceNavigation() {
	}

	public static String devicePath(DeviceId id) {
		return "devices/" + id;
	}

	public static void toDevice(DeviceId id) {
		UI.getCurrent().navigate(devicePath(id));
	}

	public static void toDevices() {
		UI.getCurrent().navigate("devices");
	}
}
