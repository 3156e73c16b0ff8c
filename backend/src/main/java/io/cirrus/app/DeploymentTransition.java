package io.cirrus.app;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One step of a deployment: who moved it from which state to which, when and why. */
public record DeploymentTransition(@Nullable DeploymentState from, DeploymentState to, Instant at, String by,
		@Nullable String reason) {
}
