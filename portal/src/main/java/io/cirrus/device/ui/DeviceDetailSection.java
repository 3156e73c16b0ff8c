package io.cirrus.device.ui;

import com.vaadin.flow.component.Component;

import io.cirrus.device.DeviceSummary;

/**
 * A section of the device detail page contributed by another feature (telemetry: latest values and chart;
 * commands: send and follow). Implementations are Spring beans (prototype or singleton); the page asks each for a
 * new component every time it shows a device, ordered by {@link #order()}, under {@link #title()}. The component is
 * created in the UI thread with the signed-in user's security context and the device's tenant bound; it should load
 * lazily and stop any live updates when detached.
 */
@org.springframework.modulith.NamedInterface("ui")
public interface DeviceDetailSection {

	/** The heading of the section, e.g. "Latest values". */
	String title();

	/** Position among the sections (lower first); the registry's own sections use 0 to 9. */
	int order();

	/** A new component for {@code device} (another tenant's device never reaches here). */
	Component create(DeviceSummary device);
}
