package io.cirrus.notification.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * In-portal delivery, set-based: the inbox entry is the delivery row, and delivering is the one state change
 * {@code queued -> delivered} (only from queued or retrying), for a whole range of deliveries in one statement. A
 * redelivered message finds its rows delivered already and changes nothing: exactly once at the recipient. The
 * caller acknowledges only after this commit.
 */
@Component
class InboxDelivery {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final InboxEvents events;

	private final DeliveryActivity activity;

	InboxDelivery(JdbcClient jdbc, TransactionTemplate transactions, InboxEvents events, DeliveryActivity activity) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.activity = activity;
	}

	void deliver(List<DeliveryMessage> messages) {
		Map<TenantId, List<DeliveryMessage>> byTenant = new LinkedHashMap<>();
		// Ranges in id order, as a cancel locks them; should the two still deadlock, the cancel retries and this
		// batch is redelivered (delivering is idempotent: only queued or retrying rows change). All ranges of a
		// tenant in one call of cirrus_deliver_inbox (V35, which also counts them on the notifications): one round trip.
		messages.stream()
			.sorted(Comparator.comparing(DeliveryMessage::notification).thenComparingLong(DeliveryMessage::first))
			.forEach(m -> byTenant.computeIfAbsent(m.tenant(), t -> new ArrayList<>()).add(m));
		boolean listening = events.hasListeners();
		byTenant.forEach((tenant, list) -> {
			List<String> reached = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
				List<String> recipients = new ArrayList<>();
				long[] delivered = { 0 };
				jdbc.sql("select delivered_recipient, delivered from cirrus_deliver_inbox(?, ?, ?, ?, ?)")
					.params(tenant.value(), list.stream().map(DeliveryMessage::notification).toArray(UUID[]::new),
							list.stream().map(DeliveryMessage::first).toArray(Long[]::new),
							list.stream().map(DeliveryMessage::last).toArray(Long[]::new), listening)
					.query(rs -> {
						delivered[0] += rs.getLong(2);
						if (listening) {
							recipients.add(rs.getString(1));
						}
					});
				activity.delivered(tenant, delivered[0]);
				return recipients;
			}));
			if (reached != null && !reached.isEmpty()) {
				events.delivered(tenant, reached);
			}
		});
	}
}
