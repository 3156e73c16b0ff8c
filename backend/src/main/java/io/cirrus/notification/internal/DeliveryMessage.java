package io.cirrus.notification.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import io.cirrus.shared.TenantId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels through RabbitMQ: ids only (tenant, notification, channel, a range of delivery ids). Titles, bodies
 * and addresses stay in PostgreSQL, so nothing secret or personal sits in the broker, and a message for 1,000
 * in-portal recipients is as small as one for a single recipient. One broker message carries one segment or several
 * of the same channel and priority ({@link #toMessage(List, int, int)}): the relay packs the small notifications
 * due together into one message, so a burst of on-demand notifications costs a few broker messages, not one each
 * (docs/adr/0016).
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

	/** One segment on the wire; {@code c} only in the single-segment form. */
	record Wire(String t, String n, @Nullable String c, long f, long l) {
	}

	/** Several segments of one channel. */
	record Packed(String c, List<Wire> s) {
	}

	public Message toMessage(int priority, int attempt) {
		return message(new Wire(tenant.toString(), notification.toString(), channel, first, last), priority, attempt);
	}

	/** One message for segments of one channel (a single segment is written in the single-segment form). */
	public static Message toMessage(List<DeliveryMessage> segments, int priority, int attempt) {
		if (segments.size() == 1) {
			return segments.getFirst().toMessage(priority, attempt);
		}
		String channel = segments.getFirst().channel();
		List<Wire> wires = new ArrayList<>(segments.size());
		for (DeliveryMessage segment : segments) {
			if (!segment.channel().equals(channel)) {
				throw new IllegalArgumentException("one message carries one channel: " + channel + ", " + segment.channel());
			}
			wires.add(new Wire(segment.tenant().toString(), segment.notification().toString(), null, segment.first(),
					segment.last()));
		}
		return message(new Packed(channel, wires), priority, attempt);
	}

	private static Message message(Object wire, int priority, int attempt) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setPriority(priority);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setHeader(ATTEMPT_HEADER, attempt);
		return new Message(JSON.writeValueAsBytes(wire), properties);
	}

	/**
	 * Reads the segments of a message; a {@link RuntimeException} for anything that is not one of ours (a poison
	 * message), so a message is taken whole or not at all.
	 */
	public static List<DeliveryMessage> all(Message message) {
		JsonNode tree = JSON.readTree(message.getBody());
		if (tree.has("s")) {
			Packed packed = JSON.treeToValue(tree, Packed.class);
			if (packed.c() == null || packed.s() == null || packed.s().isEmpty()) {
				throw new IllegalArgumentException("incomplete delivery message");
			}
			List<DeliveryMessage> segments = new ArrayList<>(packed.s().size());
			for (Wire wire : packed.s()) {
				segments.add(segment(wire, packed.c()));
			}
			return segments;
		}
		Wire wire = JSON.treeToValue(tree, Wire.class);
		return List.of(segment(wire, wire.c()));
	}

	private static DeliveryMessage segment(@Nullable Wire wire, @Nullable String channel) {
		if (wire == null || wire.t() == null || wire.n() == null || channel == null || wire.f() > wire.l()) {
			throw new IllegalArgumentException("incomplete delivery message");
		}
		return new DeliveryMessage(TenantId.of(wire.t()), UUID.fromString(wire.n()), channel, wire.f(), wire.l());
	}

	public static int attempt(Message message) {
		return message.getMessageProperties().getHeader(ATTEMPT_HEADER) instanceof Number n ? n.intValue() : 1;
	}
}
