package io.cirrus.health;

import java.time.Instant;
import java.util.UUID;

/**
 * One automatic recovery action: what was done to which target, whether it worked, and which attempt it was since
 * the target was last healthy.
 */
public record RecoveryAction(UUID id, TargetKind targetKind, String target, String action, Outcome outcome,
		String detail, int attempt, Instant at) {

	/** What was recovered. */
	public enum TargetKind {

		CONSUMER, COMPONENT, DEVICE, APP
	}

	/** Whether the action itself worked (a restarted consumer that runs, a reconnect that answered). */
	public enum Outcome {

		SUCCEEDED, FAILED
	}
}
