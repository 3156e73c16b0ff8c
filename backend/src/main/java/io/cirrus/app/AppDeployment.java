package io.cirrus.app;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A deployment of an app version.
 *
 * @param scheduledFor when it is (or was) to be deployed, null for "now"
 * @param activatedAt  when it became RUNNING (the runtime's switch point)
 * @param endedAt      when it ended (stopped, failed)
 * @param rollbackOf   the version it replaced, when it is a rollback
 * @param reason       the reason of its latest transition, if any
 * @param transitions  its steps, oldest first (empty in lists)
 */
public record AppDeployment(UUID id, UUID app, int version, DeploymentState state, @Nullable Instant scheduledFor,
		@Nullable Instant activatedAt, @Nullable Instant endedAt, @Nullable Integer rollbackOf, @Nullable String reason,
		String createdBy, Instant createdAt, Instant updatedAt, List<DeploymentTransition> transitions) {

	public AppDeployment {
		transitions = List.copyOf(transitions);
	}

	AppDeployment with(List<DeploymentTransition> steps) {
		return new AppDeployment(id, app, version, state, scheduledFor, activatedAt, endedAt, rollbackOf, reason,
				createdBy, createdAt, updatedAt, steps);
	}
}
