package io.cirrus.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an app did with one event, step by step: which triggers selected it, each block's value after it, each
 * rule's condition, and the actions that run (a dry-run shows them; the runtime carries them out).
 *
 * @param index    the event's place in the run
 * @param event    the event as the app saw it
 * @param triggers the ids of the triggers that selected it
 * @param skipped  why the app ignored it, if it did
 * @param blocks   each block's value for the event's device after it
 * @param rules    each rule's outcome
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventTrace(int index, Event event, List<String> triggers, @Nullable String skipped,
		List<BlockValue> blocks, List<RuleOutcome> rules) {

	/** True when a rule fired. */
	public boolean fired() {
		for (RuleOutcome rule : rules) {
			if (rule.fired()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The event: kind, the trigger or block it came from (schedules, absences), the device, time and values, and the
	 * previous values of the device's keys.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Event(String kind, @Nullable String source, @Nullable String device, @Nullable String deviceName,
			Instant time, Map<String, Object> values, Map<String, Object> previous) {
	}

	/**
	 * A block after the event.
	 *
	 * @param value a number (window) or boolean
	 * @param state what it holds, in words ("3 readings in 10m, avg 31.2")
	 */
	public record BlockValue(String id, String kind, @Nullable Object value, String state) {
	}

	/**
	 * A rule's outcome.
	 *
	 * @param answered  whether the event came from one of its triggers
	 * @param condition the condition's value (true when the rule has none), null when it failed
	 * @param error     why the condition failed (a missing key, the cost limit), if it did
	 * @param cooling   whether its cooldown kept it quiet
	 * @param fired     whether its actions run
	 * @param actions   each action with its rendered payload
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record RuleOutcome(String id, boolean answered, @Nullable Object condition, @Nullable String error,
			boolean cooling, boolean fired, List<PlannedAction> actions) {
	}

	/**
	 * An action with everything filled in: the notification's texts, the webhook's body, the command's parameters.
	 *
	 * @param kind    the action kind
	 * @param payload its rendered fields
	 * @param errors  placeholders that failed to render, if any
	 */
	public record PlannedAction(String kind, Map<String, Object> payload, List<String> errors) {
	}
}
