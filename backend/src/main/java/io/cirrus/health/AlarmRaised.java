package io.cirrus.health;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.TenantId;

/**
 * A tenant's alarm was raised: its rule's condition held for the rule's duration for an entity. Published in the
 * transaction that raised it, once per alarm (platform alarms, which belong to no tenant, publish nothing).
 *
 * @param tenant     whose alarm it is
 * @param alarmId    the alarm ({@code /api/v1/alarms/<id>})
 * @param ruleId     the tenant's alarm rule, or null for a built-in check
 * @param ruleName   the rule's name
 * @param entity     what the alarm is about: a device id, a health metric subject
 * @param entityName the entity for people
 * @param severity   how serious it is
 * @param message    what happened, for people
 * @param value      the value that raised it, if any
 * @param raisedAt   when it was raised
 */
public record AlarmRaised(TenantId tenant, UUID alarmId, @Nullable UUID ruleId, String ruleName, String entity,
		String entityName, Severity severity, String message, @Nullable Double value, Instant raisedAt) {

	public AlarmRaised {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(alarmId, "alarmId");
		Objects.requireNonNull(severity, "severity");
	}

	/** The event of a tenant's alarm as it was raised. */
	public static AlarmRaised of(TenantId tenant, Alarm alarm) {
		return new AlarmRaised(tenant, alarm.id(), alarm.ruleId(), alarm.ruleName(), alarm.entity(), alarm.entityName(),
				alarm.severity(), alarm.message(), alarm.value(), alarm.raisedAt());
	}
}
