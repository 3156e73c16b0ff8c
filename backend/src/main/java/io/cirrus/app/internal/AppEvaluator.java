package io.cirrus.app.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cirrus.app.Action;
import io.cirrus.app.AppDocument.DeviceSelector;
import io.cirrus.app.Block;
import io.cirrus.app.EventTrace;
import io.cirrus.app.EventTrace.BlockValue;
import io.cirrus.app.EventTrace.PlannedAction;
import io.cirrus.app.EventTrace.RuleOutcome;
import io.cirrus.app.Trigger;
import io.cirrus.app.internal.AppState.DeviceState;
import io.cirrus.app.internal.AppState.Hold;
import io.cirrus.app.internal.AppState.Bucket;
import io.cirrus.app.internal.AppState.Watch;
import io.cirrus.app.internal.CompiledApp.CompiledAction;
import io.cirrus.app.internal.CompiledApp.CompiledBlock;
import io.cirrus.app.internal.CompiledApp.CompiledRule;

/**
 * Evaluates an app version against one event: selects it by the triggers within the app's permissions, updates the
 * stateful blocks of the event's device, tests each rule's condition and renders the actions of those that fire.
 * It has no side effects beyond the {@link AppState} it is given: a dry-run reads the result, the runtime carries
 * out the planned actions. One evaluator serves both, so what a dry-run shows is what the runtime does.
 */
public final class AppEvaluator {

	private AppEvaluator() {
	}

	/** The app's identity as {@code app.id} and {@code app.name} show it. */
	public record Identity(String id, String name) {
	}

	/** Evaluates with every step explained in words, as a dry-run shows it. */
	public static EventTrace evaluate(CompiledApp app, Identity identity, AppEvent event, AppState state, int index) {
		return evaluate(app, identity, event, state, index, true);
	}

	/**
	 * Evaluates an event. With {@code explain} off (the runtime), blocks report their values without describing
	 * their state in words, and the event's previous values are left out of a trace in which no rule fired or
	 * failed (the runtime reads the event of a trace only for actions and errors; copying them for every evaluation
	 * cost more than the condition); everything else is the same.
	 */
	public static EventTrace evaluate(CompiledApp app, Identity identity, AppEvent event, AppState state, int index,
			boolean explain) {
		DeviceState device = state.device(event.deviceKey());
		String skipped = permitted(app, event);
		List<String> triggers = skipped == null ? matching(app, event) : List.of();
		if (skipped == null && triggers.isEmpty() && !event.kind().equals("absence")) {
			skipped = "no trigger of the app selects this event";
		}
		if (skipped != null) {
			return new EventTrace(index, seen(event, explain ? previous(device) : Map.of()), List.of(), skipped, List.of(),
					List.of());
		}
		if (event.device() != null) {
			device.context = event.device();
		}
		// The device's latest values are the event's previous ones until the event's own are added, at the end.
		Variables variables = new Variables(app, identity, event, device.last,
				triggers.isEmpty() ? (event.source() == null ? "" : event.source()) : triggers.getFirst());
		long now = event.time().toEpochMilli();
		for (CompiledBlock block : app.blocks()) {
			variables.block(block.variable(), update(block, event, device, variables, now));
		}
		List<RuleOutcome> rules = new ArrayList<>(app.rules().size());
		boolean told = explain;
		for (CompiledRule rule : app.rules()) {
			RuleOutcome outcome = rule(app, rule, event, triggers, device, variables, now);
			told |= outcome.fired() || outcome.error() != null;
			rules.add(outcome);
		}
		EventTrace.Event seen = seen(event, told ? previous(device) : Map.of());
		if (event.kind().equals("telemetry")) {
			device.last.putAll(event.plainValues());
		}
		List<BlockValue> blocks = new ArrayList<>(app.blocks().size());
		for (CompiledBlock block : app.blocks()) {
			blocks.add(explain ? describe(block, device, now)
					: new BlockValue(block.block().id(), block.block().kind(), variables.block(block.variable()), ""));
		}
		return new EventTrace(index, seen, triggers, null, blocks, rules);
	}

	/** The event as a trace shows it, with the device's previous values. */
	private static EventTrace.Event seen(AppEvent event, Map<String, Object> previous) {
		return new EventTrace.Event(event.kind(), event.source(), event.device() == null ? null : event.device().id(),
				event.device() == null ? null : event.device().name(), event.time(), event.plainValues(), previous);
	}

	/** A copy of the device's latest values, which change after the event. */
	private static Map<String, Object> previous(DeviceState device) {
		return device.last.isEmpty() ? Map.of() : new HashMap<>(device.last);
	}

	/** Records a reading's values as the device's latest, without evaluating it (the reading before a replay). */
	public static void remember(AppState state, AppEvent reading) {
		state.device(reading.deviceKey()).last.putAll(reading.plainValues());
	}

	/** Why the app may not see the event (its device is not one the permissions grant), or null. */
	private static @Nullable String permitted(CompiledApp app, AppEvent event) {
		if (event.device() == null) {
			return null;
		}
		DeviceSelector permitted = app.permitted();
		if (permitted == null) {
			return "the app's permissions grant no devices";
		}
		return Selectors.matches(permitted, event.device()) ? null
				: "device " + event.device().name() + " is not among the devices the app's permissions grant";
	}

	/** The ids of the triggers that select the event. */
	static List<String> matching(CompiledApp app, AppEvent event) {
		List<String> ids = new ArrayList<>();
		for (Trigger trigger : app.triggers()) {
			if (selects(trigger, event)) {
				ids.add(trigger.id());
			}
		}
		return ids;
	}

	private static boolean selects(Trigger trigger, AppEvent event) {
		if (!trigger.kind().equals(event.kind())) {
			return false;
		}
		DeviceSelector selector = trigger.devices();
		if (selector != null && (event.device() == null || !Selectors.matches(selector, event.device()))) {
			return false;
		}
		return switch (trigger) {
			case Trigger.Telemetry t -> t.keys().isEmpty() || carriesAny(event, t.keys());
			case Trigger.DeviceStatus s -> s.status() == null || s.status().equals(event.values().get("status"));
			case Trigger.Alarm a -> a.on().contains(String.valueOf(event.values().get("state")))
					&& (a.severities().isEmpty() || a.severities().contains(String.valueOf(event.values().get("severity"))));
			case Trigger.Schedule s -> event.source() == null || s.id().equals(event.source());
			default -> true;
		};
	}

	private static boolean carriesAny(AppEvent event, List<String> keys) {
		for (String key : keys) {
			if (event.values().containsKey(key)) {
				return true;
			}
		}
		return false;
	}

	/** Updates a block for the event and answers its value. */
	private static Object update(CompiledBlock compiled, AppEvent event, DeviceState device,
			Variables variables, long now) {
		Block block = compiled.block();
		return switch (block) {
			case Block.Window w -> {
				ArrayDeque<Bucket> buckets = device.windows.computeIfAbsent(w.id(), k -> new ArrayDeque<>());
				Number reading = event.kind().equals("telemetry") && event.values().get(w.key()) instanceof Number n ? n : null;
				yield Windows.update(buckets, millis(compiled.period()), w.function(), reading, now);
			}
			case Block.ForDuration f -> {
				Hold hold = device.holds.get(f.id());
				Boolean holds;
				try {
					holds = Boolean.TRUE.equals(compiled.condition().evaluate(variables));
				}
				catch (Expression.Failure e) {
					holds = null; // cannot tell (e.g. a reading without the key): the block stays as it was
				}
				if (holds != null) {
					hold = holds ? new Hold(hold == null ? now : hold.since(), hold == null ? 1 : hold.count() + 1) : null;
					if (hold == null) {
						device.holds.remove(f.id());
					}
					else {
						device.holds.put(f.id(), hold);
					}
				}
				yield held(compiled, hold, now);
			}
			case Block.Cooldown c -> device.cooldowns.getOrDefault(c.id(), Long.MIN_VALUE) > now;
			case Block.Absence a -> {
				if (event.kind().equals("telemetry") && event.values().containsKey(a.key())) {
					device.watches.put(a.id(), new Watch(now, false));
				}
				else if (event.kind().equals("absence") && a.id().equals(event.source())) {
					Watch watch = device.watches.get(a.id());
					device.watches.put(a.id(), new Watch(watch == null ? now : watch.lastSeen(), true));
				}
				Watch watch = device.watches.get(a.id());
				yield watch != null && watch.announced();
			}
		};
	}

	private static boolean held(CompiledBlock compiled, @Nullable Hold hold, long now) {
		if (hold == null) {
			return false;
		}
		Block.ForDuration f = (Block.ForDuration) compiled.block();
		return f.readings() != null ? hold.count() >= f.readings() : now - hold.since() >= millis(compiled.period());
	}

	private static RuleOutcome rule(CompiledApp app, CompiledRule rule, AppEvent event, List<String> triggers,
			DeviceState device, Variables variables, long now) {
		boolean answered = rule.triggers().isEmpty() ? !triggers.isEmpty()
				: answers(rule, triggers) || (event.kind().equals("absence") && rule.triggers().contains(event.source()));
		if (!answered) {
			return new RuleOutcome(rule.rule().id(), false, null, null, false, false, List.of());
		}
		Object condition = true;
		String error = null;
		if (rule.condition() != null) {
			try {
				condition = Values.plain(rule.condition().evaluate(variables));
				if (!(condition instanceof Boolean)) {
					error = "the condition gave " + Values.text(condition) + ", not true or false";
				}
			}
			catch (Expression.Failure e) {
				condition = null;
				error = e.getMessage();
			}
		}
		boolean cooling = rule.cooldown() != null && device.cooldowns.getOrDefault(rule.cooldown(), Long.MIN_VALUE) > now;
		boolean fired = Boolean.TRUE.equals(condition) && !cooling;
		List<PlannedAction> actions = List.of();
		if (fired) {
			actions = new ArrayList<>(rule.actions().size());
			for (CompiledAction action : rule.actions()) {
				actions.add(plan(action, event, variables));
			}
			if (rule.cooldown() != null) {
				Duration period = Duration.ZERO;
				for (CompiledBlock block : app.blocks()) {
					if (block.block().id().equals(rule.cooldown()) && block.period() != null) {
						period = block.period();
					}
				}
				device.cooldowns.put(rule.cooldown(), now + millis(period));
				variables.block("blocks." + rule.cooldown(), true);
			}
		}
		return new RuleOutcome(rule.rule().id(), true, condition, error, cooling, fired, actions);
	}

	private static boolean answers(CompiledRule rule, List<String> triggers) {
		for (String trigger : triggers) {
			if (rule.triggers().contains(trigger)) {
				return true;
			}
		}
		return false;
	}

	/** An action with its templates rendered. */
	private static PlannedAction plan(CompiledAction compiled, AppEvent event, Variables variables) {
		Map<String, Object> payload = new LinkedHashMap<>();
		List<String> errors = new ArrayList<>();
		String eventDevice = event.device() == null ? null : event.device().id();
		switch (compiled.action()) {
			case Action.Notify n -> {
				payload.put("recipients", n.recipients());
				if (n.target() != null) {
					payload.put("target", n.target());
				}
				payload.put("channels", n.channels());
				payload.put("priority", n.priority() == null ? "normal" : n.priority());
				render(compiled, "title", variables, payload, errors);
				render(compiled, "body", variables, payload, errors);
				render(compiled, "link", variables, payload, errors);
			}
			case Action.Webhook w -> {
				payload.put("method", w.method() == null ? "POST" : w.method());
				payload.put("url", w.url());
				payload.put("headers", renderAll(compiled, "headers.", w.headers().keySet(), variables, errors, false));
				render(compiled, "body", variables, payload, errors);
				payload.put("timeoutSeconds", compiled.timeout() == null ? 10 : compiled.timeout().toSeconds());
			}
			case Action.Command c -> {
				payload.put("device", target(c.device(), eventDevice, errors));
				payload.put("name", c.name());
				payload.put("params", renderAll(compiled, "params.", c.params().keySet(), variables, errors, true));
				payload.put("ttlSeconds", compiled.timeout() == null ? 300 : compiled.timeout().toSeconds());
			}
			case Action.SetDevice s -> {
				payload.put("device", target(s.device(), eventDevice, errors));
				payload.put("addTags", s.addTags());
				payload.put("removeTags", s.removeTags());
				payload.put("metadata", renderAll(compiled, "metadata.", s.metadata().keySet(), variables, errors, true));
			}
			case Action.Emit e -> {
				payload.put("device", target(null, eventDevice, errors));
				payload.put("key", e.key());
				try {
					Object value = Values.plain(compiled.value().evaluate(variables));
					if (value instanceof Double d && !Double.isFinite(d)) {
						errors.add("value: " + d + " is not a finite number; nothing would be emitted");
					}
					payload.put("value", value);
				}
				catch (Expression.Failure failure) {
					errors.add("value: " + failure.getMessage());
				}
			}
			case Action.Invoke i -> {
				payload.put("app", i.app());
				payload.put("payload", renderAll(compiled, "payload.", i.payload().keySet(), variables, errors, true));
			}
		}
		return new PlannedAction(compiled.action().kind(), payload, errors);
	}

	private static @Nullable String target(@Nullable String named, @Nullable String eventDevice, List<String> errors) {
		if (named != null) {
			return named;
		}
		if (eventDevice == null) {
			errors.add("device: the event has no device");
		}
		return eventDevice;
	}

	private static void render(CompiledAction action, String field, Variables variables,
			Map<String, Object> payload, List<String> errors) {
		Template template = action.templates().get(field);
		if (template != null) {
			Template.Rendered rendered = template.render(variables);
			payload.put(field, rendered.text());
			rendered.errors().forEach(e -> errors.add(field + ": " + e));
		}
	}

	/** Each named template of a group; a lone placeholder keeps its value's type where {@code typed}. */
	private static Map<String, Object> renderAll(CompiledAction action, String prefix, Iterable<String> names,
			Variables variables, List<String> errors, boolean typed) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (String name : names) {
			Template template = action.templates().get(prefix + name);
			if (template == null) {
				continue;
			}
			Template.Rendered rendered = template.render(variables);
			out.put(name, typed && rendered.value() != null ? rendered.value() : rendered.text());
			rendered.errors().forEach(e -> errors.add(prefix + name + ": " + e));
		}
		return out;
	}

	private static BlockValue describe(CompiledBlock compiled, DeviceState device, long now) {
		Block block = compiled.block();
		return switch (block) {
			case Block.Window w -> {
				ArrayDeque<Bucket> buckets = device.windows.getOrDefault(w.id(), new ArrayDeque<>());
				double value = Windows.aggregate(w.function(), buckets);
				long readings = Windows.readings(buckets);
				yield new BlockValue(w.id(), w.kind(), Values.plain(value), readings + (readings == 1 ? " reading" : " readings")
						+ " of " + w.key() + " in the last " + w.window() + ", " + w.function() + " " + Values.number(value));
			}
			case Block.ForDuration f -> {
				Hold hold = device.holds.get(f.id());
				boolean held = held(compiled, hold, now);
				String state = hold == null ? "condition not holding"
						: "condition holding for " + hold.count() + (hold.count() == 1 ? " event" : " events") + " since "
								+ Instant.ofEpochMilli(hold.since()) + (f.readings() != null ? " (needs " + f.readings() + ")"
										: " (needs " + f.holdFor() + ")");
				yield new BlockValue(f.id(), f.kind(), held, state);
			}
			case Block.Cooldown c -> {
				long until = device.cooldowns.getOrDefault(c.id(), Long.MIN_VALUE);
				yield new BlockValue(c.id(), c.kind(), until > now,
						until > now ? "quiet until " + Instant.ofEpochMilli(until) : "not cooling down");
			}
			case Block.Absence a -> {
				Watch watch = device.watches.get(a.id());
				yield new BlockValue(a.id(), a.kind(), watch != null && watch.announced(),
						watch == null ? "no reading of " + a.key() + " yet"
								: (watch.announced() ? "absent: " : "present: ") + a.key() + " last read at "
										+ Instant.ofEpochMilli(watch.lastSeen()));
			}
		};
	}

	/**
	 * The absence events due up to {@code until}, oldest first: for each device whose key went unread for the
	 * block's period, once per absence.
	 */
	public static List<AppEvent> dueAbsences(CompiledApp app, AppState state, Instant until) {
		List<AppEvent> due = new ArrayList<>();
		for (CompiledBlock compiled : app.blocks()) {
			if (!(compiled.block() instanceof Block.Absence a)) {
				continue;
			}
			long after = millis(compiled.period());
			state.devices().forEach((key, device) -> {
				Watch watch = device.watches.get(a.id());
				if (watch != null && !watch.announced() && watch.lastSeen() + after <= until.toEpochMilli()
						&& device.context != null) {
					Instant at = Instant.ofEpochMilli(watch.lastSeen() + after);
					due.add(new AppEvent("absence", a.id(), device.context, at,
							Map.of("key", a.key(), "lastSeen", Instant.ofEpochMilli(watch.lastSeen()).toString())));
				}
			});
		}
		due.sort(Comparator.comparing(AppEvent::time));
		return due;
	}

	private static long millis(@Nullable Duration duration) {
		return duration == null ? 0 : duration.toMillis();
	}
}
