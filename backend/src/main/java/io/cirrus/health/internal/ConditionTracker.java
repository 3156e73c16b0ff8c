package io.cirrus.health.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * The state machine behind every alarm: a condition that starts to hold is pending; once it has held for the
 * rule's duration the alarm is raised (one per rule and entity); when it stops holding, pending is forgotten and an
 * active alarm is cleared. A tick raises pending conditions whose duration elapsed without a new observation
 * ("above 30 for 5 minutes" when the device reported once and went quiet).
 * <p>
 * Which alarms are active is read from the database per tenant and refreshed every minute, so an instance that
 * takes over a device after a rebalance, or an alarm cleared elsewhere, is picked up; raising and clearing are
 * idempotent in the database anyway.
 */
@Component
public class ConditionTracker {

	private static final Duration ACTIVE_REFRESH = Duration.ofMinutes(1);

	private static final String PLATFORM = "platform";

	/** A condition of one rule (or built-in check) about one entity, of a tenant or of the platform. */
	public record Key(@Nullable TenantId tenant, String ruleKey, String entity) {

		String activeKey() {
			return ruleKey + " " + entity;
		}

		String scope() {
			return tenant == null ? PLATFORM : tenant.toString();
		}
	}

	private record Pending(Instant since, Duration duration, Supplier<AlarmStore.Raise> raise) {
	}

	private record Active(Set<String> keys, Instant loadedAt) {
	}

	private final AlarmRaiser raiser;

	private final AlarmStore alarms;

	private final Clock clock;

	private final Map<Key, Pending> pending = new ConcurrentHashMap<>();

	private final Map<String, Active> active = new ConcurrentHashMap<>();

	ConditionTracker(AlarmRaiser raiser, AlarmStore alarms, Clock clock) {
		this.raiser = raiser;
		this.alarms = alarms;
		this.clock = clock;
	}

	/**
	 * Records whether the condition holds now. {@code raise} builds the alarm (with the latest value) when it is
	 * due.
	 */
	public void observe(Key key, boolean holds, Duration duration, Supplier<AlarmStore.Raise> raise) {
		Instant now = clock.instant();
		if (holds) {
			Pending entry = pending.compute(key, (k, existing) -> existing == null ? new Pending(now, duration, raise)
					: new Pending(existing.since(), duration, raise));
			raiseIfDue(key, entry, now);
		}
		else {
			pending.remove(key);
			Set<String> keys = activeKeys(key);
			if (keys.remove(key.activeKey())) {
				raiser.clear(key.tenant(), key.ruleKey(), key.entity());
			}
		}
	}

	/** Forgets every pending condition of a rule (it was changed or deleted). */
	public void forgetRule(@Nullable TenantId tenant, String ruleKey) {
		pending.keySet().removeIf(k -> k.ruleKey().equals(ruleKey) && java.util.Objects.equals(k.tenant(), tenant));
		active.remove(tenant == null ? PLATFORM : tenant.toString());
	}

	/** Clears the active alarm of a condition that no longer exists (e.g. its rule was deleted). */
	public void clearAll(@Nullable TenantId tenant, String ruleKey, Iterable<String> entities) {
		for (String entity : entities) {
			raiser.clear(tenant, ruleKey, entity);
		}
		forgetRule(tenant, ruleKey);
	}

	@Scheduled(fixedDelayString = "${cirrus.health.tick:1s}")
	void tick() {
		Instant now = clock.instant();
		pending.forEach((key, entry) -> raiseIfDue(key, entry, now));
	}

	/** How long a condition has been pending, if it is. */
	public Optional<Duration> pendingFor(Key key) {
		Pending entry = pending.get(key);
		return entry == null ? Optional.empty() : Optional.of(Duration.between(entry.since(), clock.instant()));
	}

	private void raiseIfDue(Key key, Pending entry, Instant now) {
		if (now.isBefore(entry.since().plus(entry.duration()))) {
			return;
		}
		Set<String> keys = activeKeys(key);
		if (keys.contains(key.activeKey())) {
			return;
		}
		keys.add(key.activeKey());
		raiser.raise(key.tenant(), entry.raise().get());
	}

	private Set<String> activeKeys(Key key) {
		Active current = active.get(key.scope());
		if (current == null || clock.instant().isAfter(current.loadedAt().plus(ACTIVE_REFRESH))) {
			Set<String> keys = ConcurrentHashMap.newKeySet();
			keys.addAll(key.tenant() == null ? alarms.activeKeys() : TenantContext.callAs(key.tenant(), alarms::activeKeys));
			current = new Active(keys, clock.instant());
			active.put(key.scope(), current);
		}
		return current.keys();
	}
}
