package io.cirrus.notification.internal;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.NotificationTopology;
import io.cirrus.shared.TenantContext;

/**
 * Retries: a failed message goes to the delay queue of its attempt (growing TTL), which dead-letters it back to its
 * lane; after {@code maxAttempts} it goes to the parked queue. The new message is confirmed before the old one is
 * acknowledged, so a failure never loses it (a crash in between duplicates it, which delivery ids make harmless).
 */
@Component
class Retries {

	private static final Logger log = LoggerFactory.getLogger(Retries.class);

	private final Publisher publisher;

	private final NotificationTopology topology;

	private final NotificationProperties properties;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	Retries(Publisher publisher, NotificationTopology topology, NotificationProperties properties, JdbcClient jdbc,
			TransactionTemplate transactions) {
		this.publisher = publisher;
		this.topology = topology;
		this.properties = properties;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** The whole message failed (e.g. the database was unreachable): retry it, or park it after N attempts. */
	void retryMessage(String lane, Message original, DeliveryMessage message, String error) {
		int attempt = DeliveryMessage.attempt(original);
		int priority = original.getMessageProperties().getPriority() == null ? 0 : original.getMessageProperties().getPriority();
		if (attempt >= properties.maxAttempts()) {
			try {
				TenantContext.runAs(message.tenant(), () -> transactions.executeWithoutResult(tx -> markParked(message, error)));
			}
			catch (RuntimeException e) {
				log.warn("Could not record parked deliveries of {}: {}", message.notification(), e.getMessage());
			}
			park(lane, message, priority, attempt);
		}
		else {
			delay(lane, message, priority, attempt);
		}
	}

	/** Sends a message to the delay queue for {@code attempt}; it comes back as attempt + 1. */
	void delay(String lane, DeliveryMessage message, int priority, int attempt) {
		List<Long> delays = topology.delays();
		long millis = DeliveryWorkers.delay(delays, attempt).toMillis();
		Message retry = message.toMessage(priority, attempt + 1);
		retry.getMessageProperties().setHeader(NotificationTopology.DELAY_HEADER, Long.toString(millis));
		confirm(new Publisher.Outgoing(NotificationTopology.DELAY_EXCHANGE, lane, retry));
	}

	/** Sends a message to the parked queue. */
	void park(String lane, DeliveryMessage message, int priority, int attempt) {
		confirm(new Publisher.Outgoing(NotificationTopology.DEAD_LETTER_EXCHANGE, lane, message.toMessage(priority, attempt)));
	}

	private void confirm(Publisher.Outgoing out) {
		if (!publisher.publish(out, Duration.ofSeconds(10))) {
			// The original stays unacknowledged and comes back: nothing is lost.
			throw new AmqpException("RabbitMQ did not confirm a retry message");
		}
	}

	void markParked(DeliveryMessage message, String error) {
		int parked = jdbc.sql("""
				update delivery set state = 'parked', parked_at = now(), last_error = ?, updated_at = now()
				where notification_id = ? and id between ? and ? and channel = ? and state in ('queued', 'retrying')""")
			.params(truncate(error), message.notification(), message.first(), message.last(), message.channel())
			.update();
		if (parked > 0) {
			jdbc.sql("update notification set failed = failed + ? where id = ?")
				.params(parked, message.notification())
				.update();
		}
	}

	static String truncate(String error) {
		return error.length() > 500 ? error.substring(0, 500) : error;
	}
}
