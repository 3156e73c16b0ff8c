package io.cirrus.notification.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
		// batch is redelivered (delivering is idempotent: only queued or retrying rows change).
		messages.stream()
			.sorted(Comparator.comparing(DeliveryMessage::notification).thenComparingLong(DeliveryMessage::first))
			.forEach(m -> byTenant.computeIfAbsent(m.tenant(), t -> new ArrayList<>()).add(m));
		boolean listening = events.hasListeners();
		byTenant.forEach((tenant, list) -> {
			// One statement for the whole batch (ranges as arrays), then one counter update per notification in id order.
			String[] notifications = list.stream().map(m -> m.notification().toString()).toArray(String[]::new);
			Long[] firsts = list.stream().map(DeliveryMessage::first).toArray(Long[]::new);
			Long[] lasts = list.stream().map(DeliveryMessage::last).toArray(Long[]::new);
			List<String> reached = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
				List<String> recipients = new ArrayList<>();
				Map<UUID, Integer> counts = new TreeMap<>();
				jdbc.sql("""
						update delivery d set state = 'delivered', delivered_at = now(), updated_at = now(),
						  attempts = d.attempts + 1, delivered_seq = nextval('delivery_order')
						from unnest(?::text[], ?::bigint[], ?::bigint[]) as r(notification_id, first_id, last_id)
						where d.notification_id = r.notification_id::uuid and d.id between r.first_id and r.last_id
						  and d.tenant_id = ? and d.channel = 'inbox' and d.state in ('queued', 'retrying')
						returning d.notification_id, d.recipient_id""")
					.params(notifications, firsts, lasts, tenant.value())
					.query(rs -> {
						counts.merge(rs.getObject(1, UUID.class), 1, Integer::sum);
						if (listening) {
							recipients.add(rs.getString(2));
						}
					});
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
