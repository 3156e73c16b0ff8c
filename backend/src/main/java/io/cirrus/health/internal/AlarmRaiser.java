package io.cirrus.health.internal;

import java.time.Clock;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.health.Alarm;
import io.cirrus.health.AlarmCleared;
import io.cirrus.health.AlarmRaised;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Raises and clears alarms for a tenant (or the platform, with no tenant). Each raise and clear of a tenant alarm
 * publishes {@link AlarmRaised} or {@link AlarmCleared} in the transaction that changed the alarm (the event
 * publication registry keeps it for listeners that fail after the commit, such as the notification module's).
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
			events.publishEvent(AlarmRaised.of(tenant, alarm));
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

	/** Logs a cleared alarm and publishes a tenant's {@link AlarmCleared} (call it in the transaction that cleared it). */
	public void announceCleared(@Nullable TenantId tenant, Alarm alarm) {
		log.info("Alarm cleared{}: {} on {}", tenant == null ? " (platform)" : " for " + tenant, alarm.ruleName(),
				alarm.entityName());
		if (tenant != null) {
			events.publishEvent(AlarmCleared.of(tenant, alarm));
		}
	}

	private static <T> T in(@Nullable TenantId tenant, java.util.function.Supplier<T> work) {
		return tenant == null ? work.get() : TenantContext.callAs(tenant, work::get);
	}
}
