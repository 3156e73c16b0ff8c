package io.cirrus.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a dry-run is asked to do, and what it found. */
public final class DryRun {

	/** Most events one dry-run evaluates, absences it notices included. */
	public static final int MAX_EVENTS = 500;

	/** Longest a dry-run may take; it stops there and says so. */
	public static final java.time.Duration MAX_TIME = java.time.Duration.ofSeconds(5);

	private DryRun() {
	}

	/**
	 * Either sample events, or the last readings of a device of the tenant.
	 *
	 * @param events sample events, in order
	 * @param device a device whose stored readings to replay
	 * @param last   how many of its last readings (1 to {@value #MAX_EVENTS}; 20 when absent)
	 */
	public record Request(@Nullable List<SampleEvent> events, @Nullable UUID device, @Nullable Integer last) {
	}

	/**
	 * A sample event.
	 *
	 * @param kind    {@code telemetry} (when absent), {@code device-status}, {@code device-registered},
	 *                {@code device-decommissioned}, {@code alarm}, {@code schedule} or {@code http}
	 * @param trigger for schedule events, the trigger that fires (any schedule trigger when absent)
	 * @param device  the device of the tenant it is about (every kind but schedule and http)
	 * @param time    when it happened; absent: a second after the previous event (the first: now)
	 * @param values  readings, or the event's facts: {@code status} (online/offline), {@code state}
	 *                (raised/cleared) and {@code severity} of alarms, the body of an http call
	 */
	public record SampleEvent(@Nullable String kind, @Nullable String trigger, @Nullable UUID device,
			@Nullable Instant time, @Nullable Map<String, Object> values) {
	}

	/**
	 * What the version did with each event. Nothing of it happened: no notification, command, webhook call or
	 * reading was made.
	 *
	 * @param app      the app
	 * @param version  the version run
	 * @param input    what it ran on, in words
	 * @param events   how many events it evaluated
	 * @param selected how many its triggers selected
	 * @param fired    how many made a rule fire
	 * @param actions  how many actions would have run
	 * @param trace    each event, step by step
	 * @param stopped  why it stopped early, if it did
	 * @param elapsedMillis how long it took
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Result(UUID app, int version, String input, int events, int selected, int fired, int actions,
			List<EventTrace> trace, @Nullable String stopped, long elapsedMillis) {
	}
}
