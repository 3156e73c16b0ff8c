package io.cirrus.device.ui;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;

import io.cirrus.device.DeviceEvent;
import io.cirrus.device.DeviceHistory;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.ui.LiveRefresh;
import io.cirrus.shared.ui.Times;

/** The device page's history: registered, changed, token rotated or revoked, online and offline, newest first. */
@Component
class DeviceEventsSection implements DeviceDetailSection {

	static final int SHOWN = 50;

	private final DeviceHistory history;

	DeviceEventsSection(DeviceHistory history) {
		this.history = history;
	}

	@Override
	public String title() {
		return "History";
	}

	@Override
	public int order() {
		return 40;
	}

	@Override
	public com.vaadin.flow.component.Component create(DeviceSummary device) {
		Grid<DeviceEvent> grid = new Grid<>();
		grid.setId("device-events");
		grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
		grid.addColumn(e -> Times.dateTime(e.at())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
		grid.addColumn(e -> describe(e.kind())).setHeader("What").setAutoWidth(true);
		grid.addColumn(e -> detail(e.detail())).setHeader("Detail").setFlexGrow(2);
		grid.addColumn(e -> e.by() == null ? "" : e.by()).setHeader("By").setAutoWidth(true);
		grid.setEmptyStateText("Nothing recorded yet.");
		grid.setAllRowsVisible(true);
		List<?>[] shown = { List.of() };
		Runnable refresh = () -> {
			List<DeviceEvent> events = history.events(device.id(), SHOWN);
			if (!events.equals(shown[0])) {
				shown[0] = events;
				grid.setItems(events);
			}
		};
		refresh.run();
		LiveRefresh.every(grid, Duration.ofSeconds(10), refresh);
		return grid;
	}

	/** The detail as stored, with a time it names ("last seen <instant>") shown in the tenant's zone. */
	private static String detail(String detail) {
		if (detail == null) {
			return "";
		}
		if (detail.startsWith("last seen ")) {
			try {
				return "last seen " + Times.dateTime(java.time.Instant.parse(detail.substring("last seen ".length())));
			}
			catch (java.time.format.DateTimeParseException e) {
				return detail;
			}
		}
		return detail;
	}

		private static String describe(String kind) {
		return switch (kind) {
			case "registered" -> "Registered";
			case "imported" -> "Imported";
			case "provisioned" -> "Provisioned itself";
			case "updated" -> "Changed";
			case "token-rotated" -> "Token rotated";
			case "token-revoked" -> "Token revoked";
			case "online" -> "Came online";
			case "offline" -> "Went offline";
			case "decommissioned" -> "Decommissioned";
			default -> kind;
		};
	}
}
