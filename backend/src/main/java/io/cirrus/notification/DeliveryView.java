package io.cirrus.notification;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One delivery of a notification to one recipient on one channel: the delivery log (metadata only). */
public record DeliveryView(long id, UUID notificationId, String recipient, String channel, String state,
		int attempts, Instant createdAt, @Nullable Instant deliveredAt, @Nullable String lastError) {
}
