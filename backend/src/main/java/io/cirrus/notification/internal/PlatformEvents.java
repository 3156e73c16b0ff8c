package io.cirrus.notification.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.PlatformEvent;
import io.cirrus.notification.internal.NotificationStore.NewNotification;
import io.cirrus.shared.TenantContext;

/**
 * Turns {@link PlatformEvent}s of other modules into notifications for the users who subscribed to the event type,
 * on the channels each chose. Runs in the publisher's thread, in its own transaction bound to the event's tenant.
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

	@EventListener
	void on(PlatformEvent event) {
		UUID id = UUID.randomUUID();
		int deliveries;
		try {
			deliveries = TenantContext.callAs(event.tenant(), () -> transactions.execute(tx -> {
				store.insert(new NewNotification(id, event.tenant(), "event", "dispatched", event.priority(),
						List.of("inbox", "email", "sms"), truncate(event.title(), 200), truncate(event.body(), 4000),
						event.link(), Map.copyOf(event.data()), null, null, event.type(), null, null, "platform"));
				int count = store.insertSubscriberDeliveries(event.tenant(), id, event.type());
				store.updateTotal(id);
				store.insertDispatch(event.tenant(), id, event.priority(), false, properties.broadcast().batchSize(), 50,
						null, 0);
				return count;
			}));
		}
		catch (RuntimeException e) {
			log.error("Could not turn platform event {} of tenant {} into notifications", event.type(), event.tenant(), e);
			return;
		}
		log.debug("Platform event {} of tenant {}: {} deliveries", event.type(), event.tenant(), deliveries);
		dispatcher.wake();
	}

	private static String truncate(String text, int max) {
		String value = text == null || text.isBlank() ? "(no text)" : text;
		return value.length() > max ? value.substring(0, max) : value;
	}
}
