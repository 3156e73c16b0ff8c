package io.cirrus.app;

import java.time.Instant;
import java.util.UUID;

import io.cirrus.shared.TenantId;

/**
 * A deployment the runtime runs (RUNNING) or holds (PAUSED), of any tenant. The runtime evaluates an event with the
 * deployment of its app whose {@code activatedAt} is the latest not after the event's time.
 */
public record ActiveDeployment(TenantId tenantId, UUID appId, String appName, UUID deploymentId, int version,
		DeploymentState state, Instant activatedAt) {
}
