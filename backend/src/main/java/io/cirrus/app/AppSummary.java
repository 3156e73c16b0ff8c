package io.cirrus.app;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An app as lists show it: its name and description (from its latest version), the latest version and whether it
 * is valid, who changed it last and when.
 */
public record AppSummary(UUID id, String name, @Nullable String description, int latestVersion, boolean latestValid,
		int latestErrors, int latestWarnings, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt) {
}
