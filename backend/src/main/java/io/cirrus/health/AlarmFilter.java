package io.cirrus.health;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which alarms to list: any of {@code severities} (empty: all), in a state, about one entity (a device's id), raised
 * in a window; newest first, active before cleared, at most {@code limit}.
 *
 * @param state        {@link State#ACTIVE}, {@link State#UNACKNOWLEDGED} (active, nobody on it yet),
 *                     {@link State#CLEARED}, or null for any
 * @param entity       what the alarms are about (a device id as text), or null for any
 * @param raisedAfter  raised at or after, or null
 * @param raisedBefore raised before, or null
 */
public record AlarmFilter(Set<Severity> severities, @Nullable State state, @Nullable String entity,
		@Nullable Instant raisedAfter, @Nullable Instant raisedBefore, int limit) {

	public AlarmFilter {
		severities = Set.copyOf(severities);
	}

	/** Every alarm, newest first. */
	public static AlarmFilter all(int limit) {
		return new AlarmFilter(Set.of(), null, null, null, null, limit);
	}

	/** The states a list can be narrowed to. */
	public enum State {

		ACTIVE, UNACKNOWLEDGED, CLEARED
	}
}
