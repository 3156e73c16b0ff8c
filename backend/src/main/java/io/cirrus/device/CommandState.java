package io.cirrus.device;

import java.util.Set;

/**
 * Where a command to a device stands: {@code PENDING} (stored, not yet handed to the device) -> {@code DELIVERED}
 * (in the device's MQTT session queue, or returned to its HTTP poll) -> {@code SUCCEEDED} | {@code FAILED} (the
 * device answered) or {@code EXPIRED} (its time to live ran out first; from PENDING or DELIVERED).
 */
public enum CommandState {

	PENDING, DELIVERED, SUCCEEDED, FAILED, EXPIRED;

	/** Whether the command is over: nothing changes it any more. */
	public boolean terminal() {
		return this == SUCCEEDED || this == FAILED || this == EXPIRED;
	}

	/** The states a device's answer may carry. */
	public static final Set<CommandState> OUTCOMES = Set.of(SUCCEEDED, FAILED);
}
