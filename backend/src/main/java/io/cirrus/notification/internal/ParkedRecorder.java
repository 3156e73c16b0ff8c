package io.cirrus.notification.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.TenantContext;

/**
 * Drains the parked queue into the delivery log: each parked delivery is recorded as {@code parked} (visible in the
 * portal with a retry button) and the message is acknowledged, so no body waits in the broker. A message that is
 * not ours (it never named a delivery) is logged by size only and dropped.
 */
@Component
class ParkedRecorder {

	private static final Logger log = LoggerFactory.getLogger(ParkedRecorder.class);

	private final Retries retries;

	private final TransactionTemplate transactions;

	ParkedRecorder(Retries retries, TransactionTemplate transactions) {
		this.retries = retries;
		this.transactions = transactions;
	}

	void record(Message message) {
		List<DeliveryMessage> segments;
		try {
			segments = DeliveryMessage.all(message);
		}
		catch (RuntimeException e) {
			log.warn("Dropped an unreadable parked message ({} bytes, routing key {})", message.getBody().length,
					message.getMessageProperties().getReceivedRoutingKey());
			return;
		}
		String error = "parked after " + DeliveryMessage.attempt(message) + " attempts";
		for (DeliveryMessage segment : segments) {
			TenantContext.runAs(segment.tenant(),
					() -> transactions.executeWithoutResult(tx -> retries.markParked(segment, error)));
		}
	}
}
