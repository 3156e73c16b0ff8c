package io.cirrus.app;

import java.time.Instant;
import java.util.UUID;

import io.cirrus.shared.TenantId;

/**
 * An app version was validated (on save, or on request): whether it can be deployed, and how many problems it has.
 * Published in the transaction that recorded the outcome.
 */
public record AppVersionValidated(TenantId tenant, UUID app, String name, int version, boolean valid, int errors,
		int warnings, String by, Instant at) {
}
