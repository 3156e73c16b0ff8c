package io.cirrus.notification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.HeadersExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ topology of notifications, declared at start (see {@code docs/adr/0010-notification-topology.md}):
 * <ul>
 * <li>a durable direct exchange {@value #EXCHANGE} routing by lane to durable classic queues with
 * {@code x-max-priority}: per channel an on-demand queue ({@code cirrus.notify.<channel>}) and a bulk queue for
 * broadcasts ({@code cirrus.notify.<channel>.bulk}) with their own consumers, so no broadcast delays another
 * tenant's notification;</li>
 * <li>delay queues {@code cirrus.notify.delay.<ms>ms} with growing TTLs behind a headers exchange, dead-lettering
 * back to {@value #EXCHANGE} with the original routing key: the retries;</li>
 * <li>a dead-letter exchange {@value #DEAD_LETTER_EXCHANGE} and the parked queue {@value #PARKED_QUEUE} for what
 * failed {@code maxAttempts} times.</li>
 * </ul>
 * Queue arguments never change under an existing name: a new TTL is a new delay queue.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationTopology {

	/** Where notifications are published, routed by lane ({@code <channel>} or {@code <channel>.bulk}). */
	public static final String EXCHANGE = "cirrus.notify";

	/** Where rejected deliveries go. */
	public static final String DEAD_LETTER_EXCHANGE = "cirrus.notify.dlx";

	/** Retries wait here (headers exchange; header {@value #DELAY_HEADER} picks the delay queue). */
	public static final String DELAY_EXCHANGE = "cirrus.notify.delay";

	/** The header naming the delay of a retry, in milliseconds. */
	public static final String DELAY_HEADER = "cirrus-delay-ms";

	/** Messages that could not be delivered, recorded for an operator to inspect and retry. */
	public static final String PARKED_QUEUE = "cirrus.notify.parked";

	/** Suffix of the bulk lane of a channel. */
	public static final String BULK = ".bulk";

	private final NotificationProperties properties;

	NotificationTopology(NotificationProperties properties) {
		this.properties = properties;
	}

	/** The on-demand queue of a channel. */
	public static String queue(String channel) {
		return EXCHANGE + "." + channel;
	}

	/** The queue of a lane (routing key). */
	public static String laneQueue(String lane) {
		return EXCHANGE + "." + lane;
	}

	/** The routing key of a channel's lane. */
	public static String lane(String channel, boolean bulk) {
		return bulk ? channel + BULK : channel;
	}

	/** Every lane (routing key) of the configured channels. */
	public List<String> lanes() {
		List<String> lanes = new ArrayList<>();
		for (String channel : properties.channels()) {
			lanes.add(lane(channel, false));
			lanes.add(lane(channel, true));
		}
		return lanes;
	}

	/** The distinct retry delays in milliseconds. */
	public List<Long> delays() {
		Set<Long> delays = new LinkedHashSet<>();
		properties.retryDelays().forEach(d -> delays.add(Math.max(1, d.toMillis())));
		return List.copyOf(delays);
	}

	/** The delay queue of a delay. */
	public static String delayQueue(long millis) {
		return DELAY_EXCHANGE + "." + millis + "ms";
	}

	/** Every queue of the topology, for status pages. */
	public List<String> queues() {
		List<String> queues = new ArrayList<>(lanes().stream().map(NotificationTopology::laneQueue).toList());
		delays().forEach(d -> queues.add(delayQueue(d)));
		queues.add(PARKED_QUEUE);
		return queues;
	}

	@Bean
	Declarables notificationDeclarables() {
		List<Declarable> declarables = new ArrayList<>();
		DirectExchange exchange = ExchangeBuilder.directExchange(EXCHANGE).durable(true).build();
		DirectExchange deadLetters = ExchangeBuilder.directExchange(DEAD_LETTER_EXCHANGE).durable(true).build();
		HeadersExchange delay = ExchangeBuilder.headersExchange(DELAY_EXCHANGE).durable(true).build();
		Queue parked = QueueBuilder.durable(PARKED_QUEUE).build();
		declarables.add(exchange);
		declarables.add(deadLetters);
		declarables.add(delay);
		declarables.add(parked);
		for (String lane : lanes()) {
			Queue queue = QueueBuilder.durable(laneQueue(lane))
				.maxPriority(properties.maxPriority())
				.deadLetterExchange(DEAD_LETTER_EXCHANGE)
				.build();
			declarables.add(queue);
			declarables.add(BindingBuilder.bind(queue).to(exchange).with(lane));
			Binding park = BindingBuilder.bind(parked).to(deadLetters).with(lane);
			declarables.add(park);
		}
		for (long millis : delays()) {
			// Expired messages go back to the main exchange under the routing key they were published with.
			Queue queue = QueueBuilder.durable(delayQueue(millis))
				.ttl((int) Math.min(Integer.MAX_VALUE, millis))
				.deadLetterExchange(EXCHANGE)
				.build();
			declarables.add(queue);
			declarables.add(BindingBuilder.bind(queue).to(delay).whereAll(Map.of(DELAY_HEADER, Long.toString(millis))).match());
		}
		return new Declarables(declarables);
	}
}
