package io.cirrus.notification.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.DeliveryActivity;
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
		// batch is redelivered (delivering is idempotent: only queued or retrying rows change). One statement per
		// range on purpose: an id range scan each, where a join over all ranges let the planner scan the whole
		// notification (1,000,000 rows for a broadcast) per batch.
		messages.stream()
			.sorted(Comparator.comparing(DeliveryMessage::notification).thenComparingLong(DeliveryMessage::first))
			.forEach(m -> byTenant.computeIfAbsent(m.tenant(), t -> new ArrayList<>()).add(m));
		boolean listening = events.hasListeners();
		byTenant.forEach((tenant, list) -> {
			List<String> reached = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
				List<String> recipients = new ArrayList<>();
				Map<UUID, Integer> counts = new HashMap<>();
				for (DeliveryMessage m : list) {
					List<String> delivered = jdbc.sql("""
							update delivery set state = 'delivered', delivered_at = now(), updated_at = now(),
							  attempts = attempts + 1, delivered_seq = nextval('delivery_order')
							where notification_id = ? and id between ? and ? and tenant_id = ? and channel = 'inbox'
							  and state in ('queued', 'retrying')
							returning recipient_id""")
						.params(m.notification(), m.first(), m.last(), tenant.value())
						.query(String.class)
						.list();
					if (!delivered.isEmpty()) {
						counts.merge(m.notification(), delivered.size(), Integer::sum);
						if (listening) {
							recipients.addAll(delivered);
						}
					}
				}
				counts.forEach((notification, count) -> jdbc
					.sql("update notification set delivered = delivered + ? where id = ?")
					.params(count, notification)
					.update());
				activity.delivered(tenant, counts.values().stream().mapToLong(Integer::longValue).sum());
				return recipients;
			}));
			if (reached != null && !reached.isEmpty()) {
				events.delivered(tenant, reached);
			}
		});
	}
}
