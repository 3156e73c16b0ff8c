package io.cirrus.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A notification with its progress. {@code queued} counts deliveries neither delivered nor failed yet.
 */
public record NotificationView(UUID id, String kind, String state, String priority, List<String> channels,
		String title, String body, @Nullable String link, Map<String, Object> data, @Nullable String target,
		@Nullable UUID audioId, @Nullable String idempotencyKey, @Nullable Instant sendAt, Instant createdAt,
		String createdBy, int total, int queued, int delivered, int failed, @Nullable String eventType) {

	/** Share of deliveries finished (delivered or failed), 0..1; 0 while a broadcast has not expanded anything. */
	public double progress() {
		return total == 0 ? (state.equals("dispatched") ? 1 : 0) : (delivered + failed) / (double) total;
	}
}
