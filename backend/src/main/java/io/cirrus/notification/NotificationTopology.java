package io.cirrus.notification;

import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ topology of notifications, declared at start: a durable direct exchange routing by channel to one
 * durable classic queue per channel with {@code x-max-priority}, and a dead-letter exchange whose parked queue
 * keeps what could not be delivered.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationTopology {

	/** Where notifications are published, routed by channel name. */
	public static final String EXCHANGE = "cirrus.notify";

	/** Where rejected deliveries go. */
	public static final String DEAD_LETTER_EXCHANGE = "cirrus.notify.dlx";

	/** Messages that could not be delivered, kept for an operator to inspect and retry. */
	public static final String PARKED_QUEUE = "cirrus.notify.parked";

	private final NotificationProperties properties;

	NotificationTopology(NotificationProperties properties) {
		this.properties = properties;
	}

	/** The queue of a channel. */
	public static String queue(String channel) {
		return EXCHANGE + "." + channel;
	}

	/** Every queue of the topology, for status pages. */
	public List<String> queues() {
		List<String> queues = new ArrayList<>(properties.channels().stream().map(NotificationTopology::queue).toList());
		queues.add(PARKED_QUEUE);
		return queues;
	}

	@Bean
	Declarables notificationDeclarables() {
		List<Declarable> declarables = new ArrayList<>();
		DirectExchange exchange = ExchangeBuilder.directExchange(EXCHANGE).durable(true).build();
		DirectExchange deadLetters = ExchangeBuilder.directExchange(DEAD_LETTER_EXCHANGE).durable(true).build();
		Queue parked = QueueBuilder.durable(PARKED_QUEUE).build();
		declarables.add(exchange);
		declarables.add(deadLetters);
		declarables.add(parked);
		for (String channel : properties.channels()) {
			Queue queue = QueueBuilder.durable(queue(channel))
				.maxPriority(properties.maxPriority())
				.deadLetterExchange(DEAD_LETTER_EXCHANGE)
				.build();
			declarables.add(queue);
			declarables.add(BindingBuilder.bind(queue).to(exchange).with(channel));
			Binding park = BindingBuilder.bind(parked).to(deadLetters).with(channel);
			declarables.add(park);
		}
		return new Declarables(declarables);
	}
}
