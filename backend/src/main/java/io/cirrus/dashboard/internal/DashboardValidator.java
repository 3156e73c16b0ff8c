package io.cirrus.dashboard.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.cirrus.dashboard.DashboardRequest;
import io.cirrus.dashboard.DashboardRequest.WidgetRequest;
import io.cirrus.dashboard.Widget;
import io.cirrus.dashboard.Widget.Kind;
import io.cirrus.device.DeviceDirectory;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.telemetry.Aggregation;

/**
 * Checks a dashboard as sent and turns it into what is stored: every problem at once, each naming its field
 * ({@code widgets[1].devices[0]}), answered as one 400 problem document. Devices must be the caller's tenant's.
 */
@Component
public class DashboardValidator {

	public static final int MAX_WIDGETS = 30;

	public static final int MAX_CHART_DEVICES = 10;

	public static final int MAX_CHART_KEYS = 8;

	public static final int MAX_ROWS = 50;

	public static final Set<String> SHAREABLE = Set.of("developer", "viewer");

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

	private final DeviceDirectory devices;

	DashboardValidator(DeviceDirectory devices) {
		this.devices = devices;
	}

	/** A checked dashboard: its name, description, roles and widgets. */
	public record Checked(String name, @Nullable String description, List<String> sharedWith, List<Widget> widgets) {
	}

	public Checked check(DashboardRequest request) {
		Problems problems = new Problems();
		String name = request.name() == null ? "" : request.name().strip();
		if (name.isEmpty()) {
			problems.add("name", "is required");
		}
		else if (name.length() > 100) {
			problems.add("name", "must be at most 100 characters");
		}
		String description = request.description() == null || request.description().isBlank() ? null
				: request.description().strip();
		if (description != null && description.length() > 500) {
			problems.add("description", "must be at most 500 characters");
		}
		List<String> shared = new ArrayList<>(new LinkedHashSet<>(request.sharedWith() == null ? List.of() : request.sharedWith()));
		for (int i = 0; i < shared.size(); i++) {
			if (!SHAREABLE.contains(shared.get(i))) {
				problems.add("sharedWith[" + i + "]", "must be developer or viewer (tenant admins open every dashboard)");
			}
		}
		List<WidgetRequest> sent = request.widgets() == null ? List.of() : request.widgets();
		if (sent.size() > MAX_WIDGETS) {
			problems.add("widgets", "holds " + sent.size() + " widgets; a dashboard holds at most " + MAX_WIDGETS);
		}
		List<Widget> widgets = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < Math.min(sent.size(), MAX_WIDGETS); i++) {
			Widget widget = widget(sent.get(i), "widgets[" + i + "]", problems);
			if (widget != null) {
				if (!ids.add(widget.id())) {
					problems.add("widgets[" + i + "].id", "repeats '" + widget.id() + "'; each widget needs its own id");
				}
				widgets.add(widget);
			}
		}
		problems.throwIfAny();
		return new Checked(name, description, shared.stream().sorted().toList(), widgets);
	}

	private @Nullable Widget widget(@Nullable WidgetRequest w, String at, Problems problems) {
		if (w == null) {
			problems.add(at, "is empty");
			return null;
		}
		int before = problems.size();
		String id = w.id() == null || w.id().isBlank() ? UUID.randomUUID().toString().substring(0, 8) : w.id();
		if (!ID.matcher(id).matches()) {
			problems.add(at + ".id", "must be 1 to 40 letters, digits, '-' or '_'");
		}
		Kind kind = w.kind() == null ? null : Kind.of(w.kind()).orElse(null);
		if (kind == null) {
			problems.add(at + ".kind", w.kind() == null ? "is required" : "must be one of chart, value, gauge, alarms, devices, notifications");
			return null;
		}
		String title = w.title() == null || w.title().isBlank() ? kind.label() : w.title().strip();
		if (title.length() > 100) {
			problems.add(at + ".title", "must be at most 100 characters");
		}
		int width = w.width() == null ? (kind == Kind.CHART || kind == Kind.DEVICES || kind == Kind.ALARMS ? 2 : 1) : w.width();
		if (width < 1 || width > 4) {
			problems.add(at + ".width", "must be between 1 and 4 columns");
		}
		List<UUID> deviceIds = devices(w.devices(), at + ".devices", problems);
		List<String> keys = keys(w.keys(), at + ".keys", problems);
		String unit = w.unit() == null || w.unit().isBlank() ? null : w.unit().strip();
		if (unit != null && unit.length() > 16) {
			problems.add(at + ".unit", "must be at most 16 characters");
		}
		String aggregation = null;
		String range = null;
		Double min = null;
		Double max = null;
		Double warn = null;
		Double bad = null;
		Boolean activeOnly = null;
		Integer limit = null;
		switch (kind) {
			case CHART -> {
				count(deviceIds, 1, MAX_CHART_DEVICES, "device", at + ".devices", problems);
				count(keys, 1, MAX_CHART_KEYS, "key", at + ".keys", problems);
				aggregation = w.aggregation() == null ? "avg" : w.aggregation();
				if (Aggregation.of(aggregation).isEmpty()) {
					problems.add(at + ".aggregation", "must be avg, min, max or count");
				}
				range = range(w.range(), at, problems);
			}
			case VALUE, GAUGE -> {
				count(deviceIds, 1, 1, "device", at + ".devices", problems);
				count(keys, 1, 1, "key", at + ".keys", problems);
				warn = finite(w.warn(), at + ".warn", problems);
				bad = finite(w.bad(), at + ".bad", problems);
				if (warn != null && bad != null && warn > bad) {
					problems.add(at + ".warn", "must not be above bad (" + bad + ")");
				}
				if (kind == Kind.GAUGE) {
					min = w.min() == null ? 0.0 : finite(w.min(), at + ".min", problems);
					max = w.max() == null ? 100.0 : finite(w.max(), at + ".max", problems);
					if (min != null && max != null && min >= max) {
						problems.add(at + ".max", "must be above min (" + min + ")");
					}
				}
			}
			case ALARMS -> {
				count(deviceIds, 0, MAX_CHART_DEVICES, "device", at + ".devices", problems);
				activeOnly = w.activeOnly() == null || w.activeOnly();
				limit = limit(w.limit(), at, problems);
			}
			case DEVICES -> {
				count(deviceIds, 0, MAX_ROWS, "device", at + ".devices", problems);
				limit = limit(w.limit(), at, problems);
			}
			case NOTIFICATIONS -> range = range(w.range(), at, problems);
		}
		if (problems.size() > before) {
			return null;
		}
		boolean readings = kind == Kind.CHART || kind == Kind.VALUE || kind == Kind.GAUGE;
		boolean filtered = readings || kind == Kind.ALARMS || kind == Kind.DEVICES;
		return new Widget(id, kind, title, width, filtered ? deviceIds : List.of(), readings ? keys : List.of(),
				aggregation, range, readings ? unit : null, min, max, warn, bad, activeOnly, limit);
	}

	private List<UUID> devices(@Nullable List<String> sent, String at, Problems problems) {
		List<UUID> ids = new ArrayList<>();
		if (sent == null) {
			return ids;
		}
		for (int i = 0; i < sent.size(); i++) {
			String text = sent.get(i);
			UUID id;
			try {
				id = UUID.fromString(text == null ? "" : text);
			}
			catch (IllegalArgumentException e) {
				problems.add(at + "[" + i + "]", "is not a device id");
				continue;
			}
			if (ids.contains(id)) {
				problems.add(at + "[" + i + "]", "names the same device twice");
			}
			else if (sent.size() <= MAX_ROWS && devices.find(new DeviceId(id)).isEmpty()) {
				problems.add(at + "[" + i + "]", "is not a device of your tenant");
			}
			ids.add(id);
		}
		return ids;
	}

	private static List<String> keys(@Nullable List<String> sent, String at, Problems problems) {
		List<String> keys = new ArrayList<>();
		if (sent == null) {
			return keys;
		}
		for (int i = 0; i < sent.size(); i++) {
			String key = sent.get(i);
			if (key == null || !KEY.matcher(key).matches()) {
				problems.add(at + "[" + i + "]", "is not a telemetry key (1 to 64 letters, digits, '.', '-' or '_')");
			}
			else if (keys.contains(key)) {
				problems.add(at + "[" + i + "]", "names '" + key + "' twice");
			}
			else {
				keys.add(key);
			}
		}
		return keys;
	}

	private static void count(List<?> items, int least, int most, String what, String at, Problems problems) {
		if (items.size() < least) {
			problems.add(at, least == most ? "must name exactly one " + what : "must name at least " + least + " " + what);
		}
		else if (items.size() > most) {
			problems.add(at, least == most ? "must name exactly one " + what : "may name at most " + most + " " + what + "s");
		}
	}

	private static String range(@Nullable String sent, String at, Problems problems) {
		String range = sent == null ? "1h" : sent;
		if (Widget.Ranges.span(range).isEmpty()) {
			problems.add(at + ".range", "must be 1h, 24h or 7d");
		}
		return range;
	}

	private static Integer limit(@Nullable Integer sent, String at, Problems problems) {
		int limit = sent == null ? 10 : sent;
		if (limit < 1 || limit > MAX_ROWS) {
			problems.add(at + ".limit", "must be between 1 and " + MAX_ROWS);
		}
		return limit;
	}

	private static @Nullable Double finite(@Nullable Double value, String at, Problems problems) {
		if (value != null && (value.isNaN() || value.isInfinite())) {
			problems.add(at, "must be a number");
			return null;
		}
		return value;
	}

	/** The problems found so far, thrown as one 400 naming each field. */
	private static final class Problems {

		private final Map<String, String> found = new LinkedHashMap<>();

		void add(String field, String message) {
			found.putIfAbsent(field, message);
		}

		int size() {
			return found.size();
		}

		void throwIfAny() {
			if (found.isEmpty()) {
				return;
			}
			List<Map<String, String>> errors = new ArrayList<>();
			found.forEach((field, message) -> errors.add(Map.of("field", field, "message", message)));
			Map.Entry<String, String> first = found.entrySet().iterator().next();
			String detail = "Field '" + first.getKey() + "' " + first.getValue() + "."
					+ (found.size() > 1 ? " " + (found.size() - 1) + " more problem" + (found.size() > 2 ? "s" : "") + " in errors." : "");
			throw new CirrusException(io.cirrus.shared.Problems.VALIDATION, detail, Map.of("errors", errors));
		}
	}
}
