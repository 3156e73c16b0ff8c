package io.cirrus.health.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.cirrus.health.HealthProperties;

/**
 * Attempts at recovering each target since it last was healthy, and when the next attempt is due: the backoff
 * starts at the configured initial value and doubles up to the maximum.
 */
@Component
public class RecoveryAttempts {

	private record State(int attempts, Instant nextAttempt) {
	}

	private final Map<String, State> states = new ConcurrentHashMap<>();

	private final Duration initial;

	private final Duration max;

	RecoveryAttempts(HealthProperties properties) {
		this.initial = properties.recovery().initialBackoff();
		this.max = properties.recovery().maxBackoff();
	}

	/** Whether an attempt on the target may be made now. */
	public boolean due(String target, Instant now) {
		State state = states.get(target);
		return state == null || !now.isBefore(state.nextAttempt());
	}

	/** Records an attempt; answers its number (1 for the first since the target was healthy). */
	public int attempted(String target, Instant now) {
		State next = states.compute(target, (t, state) -> {
			int attempts = state == null ? 1 : state.attempts() + 1;
			Duration wait = initial.multipliedBy(1L << Math.min(attempts - 1, 20));
			return new State(attempts, now.plus(wait.compareTo(max) > 0 ? max : wait));
		});
		return next.attempts();
	}

	/** The target is healthy again: the next failure starts from the first attempt. */
	public void healthy(String target) {
		states.remove(target);
	}

	public int count(String target) {
		State state = states.get(target);
		return state == null ? 0 : state.attempts();
	}
}
