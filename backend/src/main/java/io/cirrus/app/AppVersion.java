package io.cirrus.app;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One version of an app: the author's text as written, the document it reads as (null when it does not fit the
 * model), and its latest validation. A version never changes; saving makes a new one.
 */
public record AppVersion(UUID app, int version, AppFormat format, String source, @Nullable AppDocument document,
		AppValidation validation, Instant validatedAt, String createdBy, Instant createdAt) {
}
