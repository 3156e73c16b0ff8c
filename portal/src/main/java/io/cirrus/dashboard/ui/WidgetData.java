package io.cirrus.dashboard.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.cirrus.dashboard.Widget;
import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceQuery;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceSummary;
import io.cirrus.health.Alarm;
import io.cirrus.health.AlarmFilter;
import io.cirrus.health.Alarms;
import io.cirrus.health.HealthHistory;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.Series;
import io.cirrus.health.TimeRange;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.ui.TimeSeriesChart;
import io.cirrus.telemetry.Aggregation;
import io.cirrus.telemetry.LatestValue;
import io.cirrus.telemetry.TelemetryQueries;
import io.cirrus.telemetry.TelemetrySeries;

/**
 * What widgets show, read from the modules that own it in the signed-in user's request (tenant bound, row-level
 * security applies). Every figure is a server-side aggregate or a short list, whatever the fleet's size.
 */
@Component
class WidgetData {

	private final TelemetryQueries telemetry;

	private final DeviceDirectory directory;

	private final DeviceRegistry registry;

	private final Alarms alarms;

	private final HealthHistory history;

	WidgetData(TelemetryQueries telemetry, DeviceDirectory directory, DeviceRegistry registry, Alarms alarms,
			HealthHistory history) {
		this.telemetry = telemetry;
		this.directory = directory;
		this.registry = registry;
		this.alarms = alarms;
		this.history = history;
	}

	/** What a widget says of a device the tenant no longer has. */
	static final String REMOVED = "(removed device)";

	/** A device's name, or a note that it is gone. */
	String deviceName(UUID id) {
		return directory.find(new DeviceId(id)).map(DeviceSummary::name).orElse(REMOVED);
	}

	/** The names of every device the widgets name, in one query; devices the tenant does not have are left out. */
	Map<UUID, String> deviceNames(Collection<Widget> widgets) {
		Map<UUID, String> names = new HashMap<>();
		directory.findAll(widgets.stream().flatMap(w -> w.devices().stream()).distinct().map(DeviceId::new).toList())
			.forEach((id, device) -> names.put(id.value(), device.name()));
		return names;
	}

	/**
	 * The newest readings of every device a value or gauge widget among {@code widgets} shows, in one query (instead
	 * of one per widget), by device.
	 */
	Map<UUID, List<LatestValue>> latest(Collection<Widget> widgets, Map<UUID, String> names) {
		List<DeviceId> devices = widgets.stream()
			.filter(w -> w.kind() == Widget.Kind.VALUE || w.kind() == Widget.Kind.GAUGE)
			.map(w -> w.devices().getFirst())
			.filter(names::containsKey)
			.distinct()
			.map(DeviceId::new)
			.toList();
		if (devices.isEmpty()) {
			return Map.of();
		}
		Map<UUID, List<LatestValue>> latest = new HashMap<>();
		telemetry.latest(devices).forEach((id, values) -> latest.put(id.value(), values));
		return latest;
	}

	/** A page of the tenant's devices whose name contains {@code filter}, for pickers. */
	Stream<DeviceSummary> devices(String filter, int page, int size) {
		return registry.list(new DeviceQuery(filter.isBlank() ? null : filter, null, null, null, "name", false, page,
				Math.min(size, DeviceQuery.MAX_SIZE)), false).items().stream();
	}

	/** The keys the devices reported, sorted, without repeats. */
	List<String> keys(List<UUID> devices) {
		return devices.stream()
			.flatMap(id -> directory.find(new DeviceId(id)).stream())
			.flatMap(d -> telemetry.keys(d.id()).stream())
			.distinct()
			.sorted()
			.toList();
	}

	/**
	 * A chart widget's lines: one per device and key, named "device · key" (or the key for one device). Devices
	 * missing from {@code names} (the tenant no longer has them) are left out.
	 */
	List<TimeSeriesChart.Line> chart(Widget widget, Map<UUID, String> names, Instant from, Instant to) {
		List<TimeSeriesChart.Line> lines = new ArrayList<>();
		Aggregation aggregation = Aggregation.of(widget.aggregation() == null ? "avg" : widget.aggregation()).orElse(Aggregation.AVG);
		for (UUID id : widget.devices()) {
			String name = names.get(id);
			if (name == null) {
				continue;
			}
			TelemetrySeries series = telemetry.series(new DeviceId(id), widget.keys(), from, to, null, aggregation);
			series.series().forEach((key, points) -> lines.add(new TimeSeriesChart.Line(
					widget.devices().size() == 1 ? key : name + " · " + key,
					points.stream().map(p -> new TimeSeriesChart.Point(p.ts(), p.value())).toList())));
		}
		return lines;
	}

	/** The newest reading of a value or gauge widget's key, out of what {@link #latest(Collection, Map)} read. */
	static Optional<LatestValue> latest(Widget widget, Map<UUID, List<LatestValue>> latest) {
		String key = widget.keys().getFirst();
		return latest.getOrDefault(widget.devices().getFirst(), List.of()).stream().filter(v -> v.key().equals(key)).findFirst();
	}

	/**
	 * An alarm widget's rows: newest first (active before cleared), of its devices when it names some. Narrowed and
	 * limited in the database (one search per named device), not read whole and filtered here.
	 */
	List<Alarm> alarms(Widget widget) {
		int limit = widget.limit() == null ? 10 : widget.limit();
		AlarmFilter.State state = Boolean.TRUE.equals(widget.activeOnly()) ? AlarmFilter.State.ACTIVE : null;
		if (widget.devices().isEmpty()) {
			return alarms.search(new AlarmFilter(Set.of(), state, null, null, null, limit));
		}
		return widget.devices()
			.stream()
			.flatMap(id -> alarms.search(new AlarmFilter(Set.of(), state, id.toString(), null, null, limit)).stream())
			.sorted(Comparator.comparing((Alarm a) -> a.state() != Alarm.State.ACTIVE)
				.thenComparing(Alarm::raisedAt, Comparator.reverseOrder()))
			.limit(limit)
			.toList();
	}

	/** A device table's rows: its devices, or the tenant's first devices by name. */
	List<DeviceSummary> deviceRows(Widget widget) {
		int limit = widget.limit() == null ? 10 : widget.limit();
		if (widget.devices().isEmpty()) {
			return registry.list(DeviceQuery.all(limit), false).items();
		}
		Map<DeviceId, DeviceSummary> found = directory.findAll(widget.devices().stream().limit(limit).map(DeviceId::new).toList());
		return widget.devices().stream().limit(limit).map(id -> found.get(new DeviceId(id))).filter(d -> d != null).toList();
	}

	/** Deliveries and failures per minute over the widget's range. */
	List<TimeSeriesChart.Line> notifications(Widget widget) {
		TimeRange range = range(widget);
		List<TimeSeriesChart.Line> lines = new ArrayList<>();
		lines.add(line("delivered", history.series(HealthMetric.NOTIFICATIONS_DELIVERED, range)));
		lines.add(line("failed", history.series(HealthMetric.NOTIFICATIONS_FAILED, range)));
		return lines;
	}

	static TimeRange range(Widget widget) {
		return switch (widget.range() == null ? "1h" : widget.range()) {
			case "24h" -> TimeRange.DAY;
			case "7d" -> TimeRange.WEEK;
			default -> TimeRange.HOUR;
		};
	}

	private static TimeSeriesChart.Line line(String name, List<Series> series) {
		List<TimeSeriesChart.Point> points = new ArrayList<>();
		series.forEach(s -> s.points().forEach(p -> points.add(new TimeSeriesChart.Point(p.ts(), p.value()))));
		return new TimeSeriesChart.Line(name, points);
	}
}
