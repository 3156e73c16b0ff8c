package io.cirrus.notification.internal;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.TenantId;

/**
 * A channel that talks to the outside world (SMTP, an SMS provider, webhook endpoints): the plug-in point for new
 * channels. It must be safe to call twice for the same delivery id (the id is the idempotency key it passes on:
 * the e-mail's Message-ID, the SMS reference, the webhook-id).
 */
public interface ChannelSender {

	/** The channel id, e.g. {@code email}. */
	String channel();

	/** Sends one delivery; throws when the recipient's side did not accept it. */
	void send(Outbound delivery) throws Exception;

	/**
	 * A failure whose message is safe to store for the tenant to read: a status code, "connection refused", "timed
	 * out"; never an exception message of a library, which may name internal hosts, addresses or answers.
	 */
	final class Failed extends Exception {

		public Failed(String message) {
			super(message, null, false, false);
		}
	}

	/**
	 * The recipient's side is busy with this tenant's earlier deliveries (its bulkhead is full): the delivery waits
	 * in the delay queue and is tried again, without counting as a failed attempt.
	 */
	final class Busy extends Exception {

		public Busy(String message) {
			super(message, null, false, false);
		}
	}

	/**
	 * What a channel needs to send one delivery.
	 *
	 * @param deliveryId   the idempotency key
	 * @param address      e-mail address, phone number or webhook endpoint id
	 * @param audioUrl     a signed link to the audio clip, if any
	 */
	record Outbound(TenantId tenant, UUID notification, long deliveryId, String recipient, @Nullable String address,
			String title, String body, String priority, @Nullable String link, Map<String, Object> data,
			@Nullable String audioUrl, java.time.Instant createdAt) {
	}
}
