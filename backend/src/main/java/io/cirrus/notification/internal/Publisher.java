package io.cirrus.notification.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes persistent messages with {@code mandatory} and waits for publisher confirms: a message counts as
 * published only when the broker confirmed it and did not return it as unroutable.
 */
@Component
public class Publisher {

	private static final Logger log = LoggerFactory.getLogger(Publisher.class);

	private final RabbitTemplate rabbit;

	Publisher(ConnectionFactory connections) {
		this.rabbit = new RabbitTemplate(connections);
		this.rabbit.setMandatory(true);
	}

	/** A message and where it goes. */
	public record Outgoing(String exchange, String routingKey, Message message) {
	}

	/** Publishes all, then waits for their confirms; answers per message whether it is safely in the broker. */
	public boolean[] publish(List<Outgoing> messages, Duration timeout) {
		boolean[] confirmed = new boolean[messages.size()];
		List<CorrelationData> pending = new ArrayList<>(messages.size());
		for (Outgoing out : messages) {
			CorrelationData correlation = new CorrelationData();
			try {
				rabbit.send(out.exchange(), out.routingKey(), out.message(), correlation);
				pending.add(correlation);
			}
			catch (RuntimeException e) {
				log.warn("Publishing to {} failed: {}", out.routingKey(), e.getMessage());
				pending.add(null);
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int i = 0; i < pending.size(); i++) {
			CorrelationData correlation = pending.get(i);
			if (correlation == null) {
				continue;
			}
			try {
				long left = Math.max(1, deadline - System.nanoTime());
				CorrelationData.Confirm confirm = correlation.getFuture().get(left, TimeUnit.NANOSECONDS);
				confirmed[i] = confirm.ack() && correlation.getReturned() == null;
				if (correlation.getReturned() != null) {
					log.warn("Broker returned a message for {} as unroutable", messages.get(i).routingKey());
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return confirmed;
			}
			catch (Exception e) {
				confirmed[i] = false;
			}
		}
		return confirmed;
	}

	public boolean publish(Outgoing message, Duration timeout) {
		return publish(List.of(message), timeout)[0];
	}
}
