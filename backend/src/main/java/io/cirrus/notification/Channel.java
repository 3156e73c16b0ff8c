package io.cirrus.notification;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A way a notification reaches its recipient. Each channel has its own durable priority queues (one for on-demand
 * notifications, one for broadcasts) and its own worker.
 */
public enum Channel {

	/** The portal's inbox, with the unread count in the header. */
	INBOX,
	/** E-mail over SMTP. */
	EMAIL,
	/** Text message through the configured SMS provider. */
	SMS,
	/** The tenant's registered webhook endpoints (CloudEvents, Standard Webhooks signatures). */
	WEBHOOK;

	/** The name used in the API, queue names and routing keys. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<Channel> parse(String value) {
		return Arrays.stream(values()).filter(c -> c.id().equals(value.strip().toLowerCase(Locale.ROOT))).findFirst();
	}
}
