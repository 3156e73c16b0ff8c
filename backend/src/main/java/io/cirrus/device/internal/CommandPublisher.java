package io.cirrus.device.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import io.cirrus.device.DeviceCommand;
import tools.jackson.databind.json.JsonMapper;

/**
 * Offers a command to the device's MQTT session: a persistent message on {@code amq.topic} with routing key
 * {@code devices.<id>.commands} (MQTT topic {@code devices/<id>/commands}), mandatory, with a publisher confirm.
 * RabbitMQ's MQTT plugin keeps a QoS 1 subscriber's queue while it is offline (clean session off), so a confirmed,
 * routed publication is in the device's hands as far as the broker can tell: the command is DELIVERED. An unroutable
 * one (the device never subscribed) comes back and stays PENDING for the HTTP poll or a later offer. The message
 * expires with the command, so a device that comes back late never sees a dead command.
 */
@Component
public class CommandPublisher {

	/** The exchange RabbitMQ's MQTT plugin publishes to and subscribes from ({@code mqtt.exchange}). */
	public static final String EXCHANGE = "amq.topic";

	private static final Logger log = LoggerFactory.getLogger(CommandPublisher.class);

	private final RabbitTemplate template;

	private final JsonMapper json;

	private final Clock clock;

	CommandPublisher(ConnectionFactory connections, JsonMapper json, Clock clock) {
		// Its own template: mandatory publications with returns, without touching the notification module's.
		this.template = new RabbitTemplate(connections);
		this.template.setMandatory(true);
		// The returned message is read from the correlation data; the callback only keeps the template quiet.
		this.template.setReturnsCallback(returned -> {
		});
		this.json = json;
		this.clock = clock;
	}

	public static String routingKey(DeviceCommand command) {
		return "devices." + command.device() + ".commands";
	}

	/** Whether an MQTT session queue of the device took the command. */
	public boolean offer(DeviceCommand command) {
		long ttl = Duration.between(clock.instant(), command.expiresAt()).toMillis();
		if (ttl <= 0) {
			return false;
		}
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setMessageId(command.id().toString());
		properties.setExpiration(Long.toString(ttl));
		byte[] body = json.writeValueAsString(command.delivery()).getBytes(StandardCharsets.UTF_8);
		CorrelationData correlation = new CorrelationData(command.id().toString());
		try {
			template.send(EXCHANGE, routingKey(command), new Message(body, properties), correlation);
			CorrelationData.Confirm confirm = correlation.getFuture().get(10, TimeUnit.SECONDS);
			// Returns arrive before the confirm: a returned message is set by now.
			return confirm.ack() && correlation.getReturned() == null;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception e) {
			log.warn("Could not offer command {} over MQTT: {}", command.id(), e.getMessage());
			return false;
		}
	}
}
