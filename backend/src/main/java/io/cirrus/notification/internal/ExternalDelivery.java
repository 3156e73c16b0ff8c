package io.cirrus.notification.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.NotificationView;
import io.cirrus.shared.TenantContext;

/**
 * E-mail, SMS and webhook delivery, one delivery at a time: skip what is delivered already (a redelivered message),
 * send, record the outcome, and retry failures one by one through the delay queues; the message is acknowledged
 * after all of its deliveries have a recorded outcome.
 */
@Component
class ExternalDelivery {

	private static final Logger log = LoggerFactory.getLogger(ExternalDelivery.class);

	private final Map<String, ChannelSender> senders;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final NotificationStore store;

	private final Retries retries;

	private final AudioLinks audio;

	private final NotificationProperties properties;

	private final DeliveryActivity activity;

	ExternalDelivery(List<ChannelSender> senders, JdbcClient jdbc, TransactionTemplate transactions,
			NotificationStore store, Retries retries, AudioLinks audio, NotificationProperties properties,
			DeliveryActivity activity) {
		this.activity = activity;
		this.senders = senders.stream().collect(Collectors.toMap(ChannelSender::channel, Function.identity()));
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.store = store;
		this.retries = retries;
		this.audio = audio;
		this.properties = properties;
	}

	record Pending(long id, String recipient, int attempts, String address) {
	}

	void deliver(String lane, DeliveryMessage message, int priority) {
		TenantContext.runAs(message.tenant(), () -> {
			Optional<NotificationView> notification = transactions
				.execute(tx -> store.find(message.tenant(), message.notification()));
			if (notification.isEmpty()) {
				return;
			}
			List<Pending> pending = transactions.execute(tx -> jdbc.sql("""
					select d.id, d.recipient_id, d.attempts,
					       case d.channel when 'email' then r.email when 'sms' then r.phone
					                      else substr(d.recipient_id, 9) end as address
					from delivery d left join recipient r on r.tenant_id = d.tenant_id and r.id = d.recipient_id
					where d.notification_id = ? and d.id between ? and ? and d.channel = ? and d.tenant_id = ?
					  and d.state in ('queued', 'retrying', 'sending')
					order by d.id""")
				.params(message.notification(), message.first(), message.last(), message.channel(),
						message.tenant().value())
				.query((rs, n) -> new Pending(rs.getLong("id"), rs.getString("recipient_id"), rs.getInt("attempts"),
						rs.getString("address")))
				.list());
			ChannelSender sender = senders.get(message.channel());
			NotificationView n = notification.get();
			String audioUrl = n.audioId() == null ? null : audio.signedUrl(message.tenant(), n.audioId());
			for (Pending p : pending) {
				if (!claim(message.notification(), p.id())) {
					// Another worker is sending it right now (a duplicate message after a broker hiccup): look again
					// later; it will be delivered by then, or its claim will have gone stale and be taken over.
					retries.delay(lane, new DeliveryMessage(message.tenant(), message.notification(), message.channel(),
							p.id(), p.id()), priority, 1);
					continue;
				}
				String error;
				try {
					if (sender == null) {
						throw new ChannelSender.Failed("no sender for channel " + message.channel());
					}
					if (p.address() == null) {
						throw new ChannelSender.Failed("the recipient has no address for " + message.channel());
					}
					sender.send(new ChannelSender.Outbound(message.tenant(), message.notification(), p.id(), p.recipient(),
							p.address(), n.title(), n.body(), n.priority(), n.link(), n.data(), audioUrl, n.createdAt()));
					recordDelivered(message.notification(), p.id());
					activity.delivered(message.tenant(), 1);
					continue;
				}
				catch (ChannelSender.Busy e) {
					deferred(lane, message, p, priority, e.getMessage());
					continue;
				}
				catch (ChannelSender.Failed e) {
					error = e.getMessage();
				}
				catch (Exception e) {
					// The tenant reads the stored error: a library's message may name internal hosts or answers.
					log.info("Delivery {} on {} failed", p.id(), message.channel(), e);
					error = "the " + message.channel() + " delivery failed";
				}
				failed(lane, message, p, priority, error);
				activity.failed(message.tenant(), 1);
			}
		});
	}

	/**
	 * Takes a delivery for sending, so two copies of a message never send it twice at the same time. A claim older
	 * than {@link #STALE} (its worker died mid-send) may be taken over.
	 */
	private boolean claim(UUID notification, long id) {
		return Boolean.TRUE.equals(transactions.execute(tx -> jdbc.sql("""
				update delivery set state = 'sending', updated_at = now()
				where notification_id = ? and id = ?
				  and (state in ('queued', 'retrying') or (state = 'sending' and updated_at < now() - make_interval(secs => ?)))""")
			.params(notification, id, (double) STALE.toSeconds())
			.update() == 1));
	}

	/** Longer than any send may take (webhook and SMS timeouts are seconds). */
	static final java.time.Duration STALE = java.time.Duration.ofSeconds(60);

	private void recordDelivered(UUID notification, long id) {
		transactions.executeWithoutResult(tx -> {
			int changed = jdbc.sql("""
					update delivery set state = 'delivered', delivered_at = now(), updated_at = now(),
					  attempts = attempts + 1, last_error = null, delivered_seq = nextval('delivery_order')
					where notification_id = ? and id = ? and state = 'sending'""")
				.params(notification, id)
				.update();
			if (changed > 0) {
				jdbc.sql("update notification set delivered = delivered + 1 where id = ?").param(notification).update();
			}
		});
	}

	/** Back to the delay queue, not counted as an attempt: the tenant's own earlier deliveries hold its bulkhead. */
	private void deferred(String lane, DeliveryMessage message, Pending p, int priority, String reason) {
		transactions.executeWithoutResult(tx -> jdbc.sql("""
				update delivery set state = 'retrying', last_error = ?, updated_at = now()
				where notification_id = ? and id = ? and state = 'sending'""")
			.params(Retries.truncate(reason), message.notification(), p.id())
			.update());
		retries.delay(lane, new DeliveryMessage(message.tenant(), message.notification(), message.channel(), p.id(), p.id()),
				priority, 1);
	}

	private void failed(String lane, DeliveryMessage message, Pending p, int priority, String error) {
		int attempts = p.attempts() + 1;
		boolean park = attempts >= properties.maxAttempts();
		log.info("Delivery {} on {} failed (attempt {} of {}): {}", p.id(), message.channel(), attempts,
				properties.maxAttempts(), error);
		DeliveryMessage single = new DeliveryMessage(message.tenant(), message.notification(), message.channel(), p.id(),
				p.id());
		transactions.executeWithoutResult(tx -> {
			jdbc.sql("""
					update delivery set state = ?, attempts = ?, last_error = ?, updated_at = now(),
					  parked_at = case when ? then now() end
					where notification_id = ? and id = ? and state = 'sending'""")
				.params(park ? "parked" : "retrying", attempts, Retries.truncate(error), park, message.notification(), p.id())
				.update();
			if (park) {
				jdbc.sql("update notification set failed = failed + 1 where id = ?").param(message.notification()).update();
			}
		});
		if (park) {
			retries.park(lane, single, priority, attempts);
		}
		else {
			retries.delay(lane, single, priority, attempts);
		}
	}
}
