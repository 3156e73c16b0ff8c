package io.cirrus.notification.internal;

import java.util.UUID;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import io.cirrus.shared.TenantId;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels through RabbitMQ: ids only (tenant, notification, channel, a range of delivery ids). Titles, bodies
 * and addresses stay in PostgreSQL, so nothing secret or personal sits in the broker, and a message for 1,000
 * in-portal recipients is as small as one for a single recipient.
 *
 * @param tenant       whose notification
 * @param notification which notification
 * @param channel      the channel of the deliveries
 * @param first        first delivery id of the range (inclusive)
 * @param last         last delivery id of the range (inclusive)
 */
public record DeliveryMessage(TenantId tenant, UUID notification, String channel, long first, long last) {

	/** Header counting how often the whole message was tried (failures of the message, not of one delivery). */
	public static final String ATTEMPT_HEADER = "cirrus-attempt";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	record Wire(String t, String n, String c, long f, long l) {
	}

	public Message toMessage(int priority, int attempt) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setPriority(priority);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setHeader(ATTEMPT_HEADER, attempt);
		byte[] body = JSON.writeValueAsBytes(new Wire(tenant.toString(), notification.toString(), channel, first, last));
		return new Message(body, properties);
	}

	/** Reads a message; a {@link RuntimeException} for anything that is not one of ours (a poison message). */
	public static DeliveryMessage of(Message message) {
		Wire wire = JSON.readValue(message.getBody(), Wire.class);
		if (wire.t() == null || wire.n() == null || wire.c() == null || wire.f() > wire.l()) {
			throw new IllegalArgumentException("incomplete delivery message");
		}
		return new DeliveryMessage(TenantId.of(wire.t()), UUID.fromString(wire.n()), wire.c(), wire.f(), wire.l());
	}

	public static int attempt(Message message) {
		return message.getMessageProperties().getHeader(ATTEMPT_HEADER) instanceof Number n ? n.intValue() : 1;
	}
}
