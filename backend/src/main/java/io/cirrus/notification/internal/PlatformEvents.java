package io.cirrus.notification.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.internal.NotificationStore.NewNotification;
import io.cirrus.shared.TenantContext;

/**
 * Turns a {@link PlatformEvent} into a notification for the users who subscribed to its type, on the channels each
 * chose. Called by the module's listeners of other modules' events ({@link DeviceStatusNotifications},
 * {@link AlarmNotifications}), which run after the publisher's commit, on another thread; Spring Modulith's event
 * publication registry stored the module event with that transaction and marks it complete only when the listener
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

	/** Makes the event's notification, in a transaction of its own bound to the event's tenant. */
	void announce(PlatformEvent event) {
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
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest((event.type() + "\n" + event.key()).getBytes(StandardCharsets.UTF_8));
			return "event:" + HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String truncate(String text, int max) {
		String value = text == null || text.isBlank() ? "(no text)" : text;
		return value.length() > max ? value.substring(0, max) : value;
	}
}
