package io.cirrus.health;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.TenantId;

/**
 * A tenant's alarm was cleared: its condition stopped holding, or its rule was deleted. Published in the
 * transaction that cleared it, once per alarm; the alarm is history from then on.
 *
 * @param tenant     whose alarm it is
 * @param alarmId    the alarm
 * @param ruleId     the tenant's alarm rule, or null for a built-in check
 * @param ruleName   the rule's name
 * @param entity     what the alarm was about
 * @param entityName the entity for people
 * @param severity   how serious it was
 * @param value      the value that had raised it, if any
 * @param clearedAt  when it was cleared
 */
public record AlarmCleared(TenantId tenant, UUID alarmId, @Nullable UUID ruleId, String ruleName, String entity,
		String entityName, Severity severity, @Nullable Double value, Instant clearedAt) {

	public AlarmCleared {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(alarmId, "alarmId");
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(clearedAt, "clearedAt");
	}

	/** The event of a tenant's alarm as it was cleared (it must be). */
	public static AlarmCleared of(TenantId tenant, Alarm alarm) {
		return new AlarmCleared(tenant, alarm.id(), alarm.ruleId(), alarm.ruleName(), alarm.entity(), alarm.entityName(),
				alarm.severity(), alarm.value(), Objects.requireNonNull(alarm.clearedAt(), "clearedAt"));
	}
}
