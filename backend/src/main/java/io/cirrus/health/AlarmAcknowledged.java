package io.cirrus.health;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.TenantId;

/**
 * Someone acknowledged a tenant's alarm: they are on it. The alarm stays active until its condition stops holding.
 * Published in the transaction that recorded the acknowledgement, once per alarm.
 *
 * @param tenant         whose alarm it is
 * @param alarmId        the alarm
 * @param ruleName       its rule's name
 * @param entity         what the alarm is about
 * @param entityName     the entity for people
 * @param severity       how serious it is
 * @param acknowledgedBy who acknowledged it (a username)
 * @param note           what they wrote, if anything
 * @param acknowledgedAt when
 */
public record AlarmAcknowledged(TenantId tenant, UUID alarmId, String ruleName, String entity, String entityName,
		Severity severity, String acknowledgedBy, @Nullable String note, Instant acknowledgedAt) {

	public AlarmAcknowledged {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(alarmId, "alarmId");
		Objects.requireNonNull(acknowledgedBy, "acknowledgedBy");
		Objects.requireNonNull(acknowledgedAt, "acknowledgedAt");
	}

	/** The event of a tenant's alarm as it was acknowledged (it must be). */
	public static AlarmAcknowledged of(TenantId tenant, Alarm alarm) {
		return new AlarmAcknowledged(tenant, alarm.id(), alarm.ruleName(), alarm.entity(), alarm.entityName(),
				alarm.severity(), Objects.requireNonNull(alarm.acknowledgedBy(), "acknowledgedBy"),
				alarm.acknowledgementNote(), Objects.requireNonNull(alarm.acknowledgedAt(), "acknowledgedAt"));
	}
}
