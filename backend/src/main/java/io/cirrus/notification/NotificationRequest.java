package io.cirrus.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A notification as a caller asks for it (on-demand, in a batch, or as a broadcast).
 *
 * @param recipients     recipient ids: {@code user:<username or id>}, {@code device:<id>}, {@code ext:<id>}
 * @param target         a {@link TargetExpression} instead of (or besides) explicit recipients
 * @param channels       {@code inbox}, {@code email}, {@code sms}, {@code webhook}
 * @param priority       {@code low}, {@code normal} (default), {@code high}, {@code urgent}
 * @param title          one line
 * @param body           the text; or
 * @param template       a text with {@code {{name}}} placeholders filled from {@code data}
 * @param data           machine-readable details (and template values)
 * @param link           a portal path or URL to open
 * @param audioId        an uploaded audio clip
 * @param idempotencyKey a second request with the same key answers the first notification
 * @param sendAt         deliver no earlier than this
 */
public record NotificationRequest(@Nullable List<String> recipients, @Nullable String target,
		@Nullable List<String> channels, @Nullable String priority, @Nullable String title, @Nullable String body,
		@Nullable String template, @Nullable Map<String, String> data, @Nullable String link,
		@Nullable String audioId, @Nullable String idempotencyKey, @Nullable Instant sendAt) {
}
