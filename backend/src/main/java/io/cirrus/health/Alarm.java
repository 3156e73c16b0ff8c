package io.cirrus.health;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An alarm: raised when its rule's condition held long enough for an entity, acknowledged by a person (with a
 * note), cleared when the condition stopped holding. Cleared alarms are the history.
 *
 * @param entity     what the alarm is about: a device id, a health metric subject, a component
 * @param entityName the entity for people
 * @param value      the value that raised it
 * @param details    extra facts (e.g. recovery attempts of a component)
 */
public record Alarm(UUID id, @Nullable UUID ruleId, String ruleName, String entity, String entityName, Severity severity,
		State state, String message, @Nullable Double value, Instant raisedAt, @Nullable Instant acknowledgedAt,
		@Nullable String acknowledgedBy, @Nullable String acknowledgementNote, @Nullable Instant clearedAt,
		Map<String, Object> details) {

	public boolean acknowledged() {
		return acknowledgedAt != null;
	}

	/** Whether the condition still holds. */
	public enum State {

		ACTIVE, CLEARED
	}
}
