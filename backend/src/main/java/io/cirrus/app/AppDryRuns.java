package io.cirrus.app;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.app.internal.AppEvaluator;
import io.cirrus.app.internal.AppEvent;
import io.cirrus.app.internal.AppState;
import io.cirrus.app.internal.AppValidator;
import io.cirrus.app.internal.CompiledApp;
import io.cirrus.app.internal.DeviceContext;
import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.Problems;
import io.cirrus.telemetry.StoredReading;
import io.cirrus.telemetry.TelemetryQueries;

/**
 * Dry-runs an app version: evaluates it with the runtime's evaluator against sample events or a device's last real
 * readings, in a read-only transaction and with state that lives only for the run, so nothing happens: no
 * notification, command, webhook call or reading. Bounded by {@link DryRun#MAX_EVENTS} events and
 * {@link DryRun#MAX_TIME}.
 */
@Service
public class AppDryRuns {

	private static final Set<String> KINDS = Set.of("telemetry", "device-status", "device-registered",
			"device-decommissioned", "alarm", "schedule", "http");

	private static final Set<String> DEVICELESS = Set.of("schedule", "http");

	private final Apps apps;

	private final AppValidator validator;

	private final DeviceDirectory devices;

	private final TelemetryQueries telemetry;

	private final Clock clock;

	AppDryRuns(Apps apps, AppValidator validator, DeviceDirectory devices, TelemetryQueries telemetry, Clock clock) {
		this.apps = apps;
		this.validator = validator;
		this.devices = devices;
		this.telemetry = telemetry;
		this.clock = clock;
	}

	@PreAuthorize(Access.MANAGERS)
	@Transactional(readOnly = true)
	public DryRun.Result dryRun(UUID app, int version, DryRun.Request request) {
		AppSummary summary = apps.get(app);
		AppVersion saved = apps.version(app, version);
		AppValidator.Checked checked = validator.check(saved.source(), saved.format(), app);
		CompiledApp compiled = checked.compiled();
		if (compiled == null) {
			throw new CirrusException(Problems.CONFLICT, "Version " + version + " has " + checked.validation().errors()
					+ " errors: fix them and save a new version before a dry-run.",
					Map.of("problems", checked.validation().problems()));
		}
		AppState state = new AppState();
		Map<UUID, DeviceContext> contexts = new HashMap<>();
		List<AppEvent> events;
		String input;
		boolean replay = request.device() != null;
		if (replay == (request.events() != null && !request.events().isEmpty())) {
			throw CirrusException.invalidField("events", "give either sample events or a device whose last readings to replay");
		}
		if (replay) {
			int last = request.last() == null ? 20 : request.last();
			if (last < 1 || last > DryRun.MAX_EVENTS) {
				throw CirrusException.invalidField("last", "must be between 1 and " + DryRun.MAX_EVENTS);
			}
			DeviceContext device = context("device", request.device(), contexts);
			List<StoredReading> readings = telemetry.recent(new DeviceId(request.device()), last + 1);
			events = new ArrayList<>();
			for (StoredReading reading : readings) {
				events.add(new AppEvent("telemetry", null, device, reading.ts(), reading.values()));
			}
			if (events.size() > last) {
				// The reading before the first replayed one: only its values, as event.previous of the first.
				AppEvaluator.remember(state, events.removeFirst());
			}
			input = "the last " + events.size() + (events.size() == 1 ? " reading" : " readings") + " of device "
					+ device.name();
		}
		else {
			if (request.events().size() > DryRun.MAX_EVENTS) {
				throw CirrusException.invalidField("events", "must hold at most " + DryRun.MAX_EVENTS + " events");
			}
			events = samples(request.events(), contexts);
			input = events.size() + (events.size() == 1 ? " sample event" : " sample events");
		}
		return run(compiled, new AppEvaluator.Identity(app.toString(), summary.name()), app, version, input, events, state);
	}

	private DryRun.Result run(CompiledApp compiled, AppEvaluator.Identity identity, UUID app, int version, String input,
			List<AppEvent> events, AppState state) {
		long started = System.nanoTime();
		long deadline = started + DryRun.MAX_TIME.toNanos();
		List<EventTrace> trace = new ArrayList<>();
		String stopped = null;
		for (AppEvent event : events) {
			List<AppEvent> due = new ArrayList<>(AppEvaluator.dueAbsences(compiled, state, event.time()));
			due.add(event);
			for (AppEvent next : due) {
				if (trace.size() >= DryRun.MAX_EVENTS) {
					stopped = "stopped after " + DryRun.MAX_EVENTS + " events";
					break;
				}
				if (System.nanoTime() > deadline) {
					stopped = "stopped after " + DryRun.MAX_TIME.toSeconds() + " s";
					break;
				}
				trace.add(AppEvaluator.evaluate(compiled, identity, next, state, trace.size()));
			}
			if (stopped != null) {
				break;
			}
		}
		int selected = (int) trace.stream().filter(t -> t.skipped() == null).count();
		int fired = (int) trace.stream().filter(EventTrace::fired).count();
		int actions = trace.stream().mapToInt(t -> t.rules().stream().mapToInt(r -> r.actions().size()).sum()).sum();
		return new DryRun.Result(app, version, input, trace.size(), selected, fired, actions, trace, stopped,
				(System.nanoTime() - started) / 1_000_000);
	}

	private List<AppEvent> samples(List<DryRun.SampleEvent> samples, Map<UUID, DeviceContext> contexts) {
		List<AppEvent> events = new ArrayList<>();
		Instant time = null;
		for (int i = 0; i < samples.size(); i++) {
			DryRun.SampleEvent sample = samples.get(i);
			String field = "events[" + i + "]";
			if (sample == null) {
				throw CirrusException.invalidField(field, "must be an event object");
			}
			String kind = sample.kind() == null ? "telemetry" : sample.kind().strip();
			if (!KINDS.contains(kind)) {
				throw CirrusException.invalidField(field + ".kind", "must be one of " + String.join(", ", KINDS.stream().sorted().toList()));
			}
			DeviceContext device = null;
			if (!DEVICELESS.contains(kind)) {
				if (sample.device() == null) {
					throw CirrusException.invalidField(field + ".device", "must name a device of this tenant for a " + kind + " event");
				}
				device = context(field + ".device", sample.device(), contexts);
			}
			Map<String, Object> values = sample.values() == null ? Map.of() : sample.values();
			if (kind.equals("telemetry") && values.isEmpty()) {
				throw CirrusException.invalidField(field + ".values", "must hold at least one reading, e.g. {\"temperature\": 31.5}");
			}
			time = sample.time() != null ? sample.time() : time == null ? clock.instant() : time.plusSeconds(1);
			events.add(new AppEvent(kind, sample.trigger(), device, time, values));
		}
		return events;
	}

	private DeviceContext context(String field, @Nullable UUID id, Map<UUID, DeviceContext> contexts) {
		DeviceContext known = contexts.get(id);
		if (known != null) {
			return known;
		}
		DeviceSummary device = devices.find(new DeviceId(id))
			.orElseThrow(() -> CirrusException.invalidField(field, "is not a device of this tenant"));
		DeviceContext context = DeviceContext.of(device);
		contexts.put(id, context);
		return context;
	}
}
