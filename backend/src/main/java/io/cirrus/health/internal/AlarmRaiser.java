package io.cirrus.health.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.health.Alarm;
import io.cirrus.notification.PlatformEvent;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Raises and clears alarms for a tenant (or the platform, with no tenant) and tells the people who subscribed:
 * each raise and clear of a tenant alarm becomes a {@link PlatformEvent} with the priority of its severity, published
 * in the transaction that changed the alarm (the event publication registry keeps it if the notification fails).
 */
@Component
public class AlarmRaiser {

	private static final Logger log = LoggerFactory.getLogger(AlarmRaiser.class);

	private final AlarmStore alarms;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transactions;

	AlarmRaiser(AlarmStore alarms, ApplicationEventPublisher events, Clock clock, TransactionTemplate transactions) {
		this.alarms = alarms;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	/** Raises unless already active; answers the new alarm. */
	public Optional<Alarm> raise(@Nullable TenantId tenant, AlarmStore.Raise raise) {
		return in(tenant, () -> transactions.execute(tx -> {
			Optional<Alarm> raised = alarms.raise(raise, clock.instant());
			raised.ifPresent(alarm -> announceRaised(tenant, alarm));
			return raised;
		}));
	}

	private void announceRaised(@Nullable TenantId tenant, Alarm alarm) {
		log.info("Alarm raised{}: {} on {} ({})", tenant == null ? " (platform)" : " for " + tenant, alarm.ruleName(),
				alarm.entityName(), alarm.message());
		if (tenant != null) {
			events.publishEvent(new PlatformEvent(tenant, PlatformEvent.ALARM_RAISED, alarm.severity().priority(),
					alarm.severity() + " alarm: " + alarm.ruleName(), alarm.message() + " (" + alarm.entityName() + ")",
					"/alarms/" + alarm.id(), data(alarm), alarm.raisedAt(), alarm.id().toString()));
		}
	}

	/** Clears the active alarm of a rule and entity, if any; answers it. */
	public Optional<Alarm> clear(@Nullable TenantId tenant, String ruleKey, String entity) {
		return in(tenant, () -> transactions.execute(tx -> {
			Optional<Alarm> cleared = alarms.clear(ruleKey, entity, clock.instant());
			cleared.ifPresent(alarm -> announceCleared(tenant, alarm));
			return cleared;
		}));
	}

	/** Logs a cleared alarm and tells a tenant's subscribers (call it in the transaction that cleared it). */
	public void announceCleared(@Nullable TenantId tenant, Alarm alarm) {
		log.info("Alarm cleared{}: {} on {}", tenant == null ? " (platform)" : " for " + tenant, alarm.ruleName(),
				alarm.entityName());
		if (tenant != null) {
			events.publishEvent(new PlatformEvent(tenant, PlatformEvent.ALARM_CLEARED, alarm.severity().priority(),
					"Cleared: " + alarm.ruleName(), alarm.entityName() + " is back to normal.", "/alarms/" + alarm.id(),
					data(alarm), alarm.clearedAt(), alarm.id().toString()));
		}
	}

	private static Map<String, String> data(Alarm alarm) {
		return Map.of("alarmId", alarm.id().toString(), "entity", alarm.entity(), "severity", alarm.severity().name(),
				"value", String.valueOf(alarm.value()));
	}

	private static <T> T in(@Nullable TenantId tenant, java.util.function.Supplier<T> work) {
		return tenant == null ? work.get() : TenantContext.callAs(tenant, work::get);
	}
}
