package io.cirrus.app.ui;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;

import io.cirrus.app.DeviceApps;
import io.cirrus.app.DeviceApps.DeviceApp;
import io.cirrus.device.DeviceSummary;
import io.cirrus.device.ui.DeviceDetailSection;
import io.cirrus.shared.ui.LiveRefresh;

/**
 * The device page's apps: each deployed app whose triggers read the device, or whose actions name it, with its
 * deployment state and a link to the app; live, as apps are deployed, stopped or paused.
 */
@Component
class DeviceAppsSection implements DeviceDetailSection {

	private final DeviceApps apps;

	DeviceAppsSection(DeviceApps apps) {
		this.apps = apps;
	}

	@Override
	public String title() {
		return "Apps";
	}

	@Override
	public int order() {
		return 35;
	}

	@Override
	public com.vaadin.flow.component.Component create(DeviceSummary device) {
		Grid<DeviceApp> grid = new Grid<>();
		grid.setId("device-apps");
		grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
		grid.addComponentColumn(a -> new Anchor(AppNavigation.appPath(a.app()), a.name())).setHeader("App")
			.setAutoWidth(true).setFlexGrow(1);
		grid.addComponentColumn(DeviceAppsSection::state).setHeader("Deployment").setAutoWidth(true).setFlexGrow(0);
		grid.addColumn(a -> "v" + a.version()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
		grid.addColumn(a -> String.join("; ", a.reads())).setHeader("Reads it through").setFlexGrow(2);
		grid.addColumn(a -> String.join("; ", a.actsOn())).setHeader("Acts on it").setFlexGrow(1);
		grid.setEmptyStateText("No deployed app reads or acts on this device. Apps choose devices by id, tag or "
				+ "profile in their triggers and permissions.");
		grid.setAllRowsVisible(true);
		List<?>[] shown = { null };
		Runnable refresh = () -> {
			List<DeviceApp> list = apps.of(device);
			if (!list.equals(shown[0])) {
				shown[0] = list;
				grid.setItems(list);
			}
		};
		refresh.run();
		LiveRefresh.every(grid, Duration.ofSeconds(10), refresh);
		return grid;
	}

	private static Span state(DeviceApp app) {
		return DeploymentsPanel.badge(app.state());
	}
}
