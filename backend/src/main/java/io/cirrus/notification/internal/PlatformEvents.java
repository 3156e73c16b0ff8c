package io.cirrus.notification.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.PlatformEvent;
import io.cirrus.notification.internal.NotificationStore.NewNotification;
import io.cirrus.shared.TenantContext;

/**
 * Turns {@link PlatformEvent}s of other modules into notifications for the users who subscribed to the event type,
 * on the channels each chose. Runs after the publisher's transaction committed, on another thread; Spring Modulith's
 * event publication registry stored the event with that transaction and marks it complete only when this listener
 * returned, so an event survives a crash and a failure (docs/adr/0015). A resubmitted event finds its notification
 * by an idempotency key drawn from the event, so nobody hears it twice.
 */
@Component
class PlatformEvents {

	private static final Logger log = LoggerFactory.getLogger(PlatformEvents.class);

	private final NotificationStore store;

	private final TransactionTemplate transactions;

	private final Dispatcher dispatcher;

	private final NotificationProperties properties;

	PlatformEvents(NotificationStore store, TransactionTemplate transactions, Dispatcher dispatcher,
			NotificationProperties properties) {
		TransactionTemplate own = new TransactionTemplate(transactions.getTransactionManager());
		own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.store = store;
		this.transactions = own;
		this.dispatcher = dispatcher;
		this.properties = properties;
	}

	@Async
	@TransactionalEventListener(fallbackExecution = true)
	void on(PlatformEvent event) {
		UUID id = UUID.randomUUID();
		String key = idempotencyKey(event);
		int deliveries;
		try {
			deliveries = TenantContext.callAs(event.tenant(), () -> transactions.execute(tx -> {
				store.insert(new NewNotification(id, event.tenant(), "event", "dispatched", event.priority(),
						List.of("inbox", "email", "sms"), truncate(event.title(), 200), truncate(event.body(), 4000),
						event.link(), Map.copyOf(event.data()), null, null, event.type(), key, null, "platform"));
				int count = store.insertSubscriberDeliveries(event.tenant(), id, event.type());
				store.updateTotal(id);
				store.insertDispatch(event.tenant(), id, event.priority(), false, properties.broadcast().batchSize(), 50,
						null, 0);
				return count;
			}));
		}
		catch (DuplicateKeyException again) {
			log.debug("Platform event {} of tenant {} was already turned into notifications", event.type(), event.tenant());
			return;
		}
		log.debug("Platform event {} of tenant {}: {} deliveries", event.type(), event.tenant(), deliveries);
		dispatcher.wakeRelay();
	}

	/** Same event, same key: a resubmitted publication finds the notification it already made. */
	static String idempotencyKey(PlatformEvent event) {
		String identity = String.join("\n", event.type(), event.title(), event.body(), String.valueOf(event.link()),
				new java.util.TreeMap<>(event.data()).toString(), String.valueOf(event.occurredAt()));
		try {
			byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
				.digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return "event:" + java.util.HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String truncate(String text, int max) {
		String value = text == null || text.isBlank() ? "(no text)" : text;
		return value.length() > max ? value.substring(0, max) : value;
	}
}
