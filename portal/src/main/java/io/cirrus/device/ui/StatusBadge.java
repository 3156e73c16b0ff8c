package io.cirrus.device.ui;

import com.vaadin.flow.component.html.Span;

import io.cirrus.device.DeviceStatus;

/** A device's status as a Lumo badge: green online, red offline, grey never seen or decommissioned. */
final class StatusBadge {

	private StatusBadge() {
	}

	static Span of(DeviceStatus status) {
		Span badge = new Span();
		badge.addClassName("device-status");
		update(badge, status);
		return badge;
	}

	/** Shows {@code status} on an existing badge (live pages update it in place). */
	static void update(Span badge, DeviceStatus status) {
		badge.setText(switch (status) {
			case ONLINE -> "Online";
			case OFFLINE -> "Offline";
			case NEVER_SEEN -> "Never seen";
			case DECOMMISSIONED -> "Decommissioned";
		});
		badge.getElement().setAttribute("theme", switch (status) {
			case ONLINE -> "badge success";
			case OFFLINE -> "badge error";
			case NEVER_SEEN -> "badge";
			case DECOMMISSIONED -> "badge contrast";
		});
		badge.getElement().setAttribute("data-status", status.value());
	}
}
