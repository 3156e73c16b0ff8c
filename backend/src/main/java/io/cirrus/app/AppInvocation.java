package io.cirrus.app;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A call of an app's own endpoint, accepted: the runtime evaluates it, on the app's partition, with the version that
 * is running when it arrives.
 *
 * @param version  the version running when the call was accepted
 * @param triggers the version's http triggers the call fires
 */
public record AppInvocation(UUID app, int version, List<String> triggers, Instant acceptedAt) {

	public AppInvocation {
		triggers = List.copyOf(triggers);
	}
}
