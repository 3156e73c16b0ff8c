package io.cirrus.app;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A deployment of an app changed state: one event per transition, published through the event publication registry
 * in the transaction that recorded it (docs/adr/0023).
 *
 * @param tenantId     whose app it is
 * @param appId        the app
 * @param appName      its name, for people
 * @param deploymentId the deployment
 * @param version      the app version it deploys
 * @param from         the state before, null when the deployment was just created
 * @param to           the state after
 * @param reason       why, when there is more to say (a failure, "replaced by version 3", a rollback)
 * @param by           who made it happen: a user name, {@code scheduler} or {@code platform}
 * @param at           when
 */
public record AppDeploymentChanged(UUID tenantId, UUID appId, String appName, UUID deploymentId, int version,
		@Nullable DeploymentState from, DeploymentState to, @Nullable String reason, String by, Instant at) {
}
