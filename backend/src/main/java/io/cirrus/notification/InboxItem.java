package io.cirrus.notification;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A notification in a user's portal inbox. */
public record InboxItem(long id, UUID notificationId, String title, String body, String priority,
		@Nullable String link, @Nullable String audioUrl, Instant deliveredAt, @Nullable Instant readAt) {
}
