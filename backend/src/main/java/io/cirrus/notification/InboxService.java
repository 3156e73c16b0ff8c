package io.cirrus.notification;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.internal.AudioLinks;
import io.cirrus.notification.internal.InboxEvents;
import io.cirrus.notification.internal.NotificationStore;
import io.cirrus.notification.internal.UserSync;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/** The signed-in user's portal inbox: entries, unread count, marking read, and live updates. */
@Service
public class InboxService {

	private final NotificationStore store;

	private final TransactionTemplate transactions;

	private final InboxEvents events;

	private final AudioLinks audio;

	private final UserSync users;

	InboxService(NotificationStore store, TransactionTemplate transactions, InboxEvents events, AudioLinks audio,
			UserSync users) {
		this.store = store;
		this.transactions = transactions;
		this.events = events;
		this.audio = audio;
		this.users = users;
	}

	/** The inbox recipient id of a user. */
	public static String recipientId(CirrusUser user) {
		return "user:" + user.subject();
	}

	@PreAuthorize("isAuthenticated()")
	public List<InboxItem> items(boolean unreadOnly, int page, int size) {
		TenantId tenant = TenantContext.require();
		CirrusUser user = TenantContext.currentUser().orElseThrow();
		users.ensureCurrentUser(tenant, user);
		int limit = Math.clamp(size, 1, 200);
		List<InboxItem> items = transactions
			.execute(tx -> store.inbox(tenant, recipientId(user), unreadOnly, Math.max(0, page) * limit, limit));
		return items.stream()
			.map(i -> i.audioUrl() == null ? i
					: new InboxItem(i.id(), i.notificationId(), i.title(), i.body(), i.priority(), i.link(),
							audio.signedPath(tenant, UUID.fromString(i.audioUrl())), i.deliveredAt(), i.readAt()))
			.toList();
	}

	@PreAuthorize("isAuthenticated()")
	public int unreadCount() {
		TenantId tenant = TenantContext.require();
		CirrusUser user = TenantContext.currentUser().orElseThrow();
		return transactions.execute(tx -> store.unread(tenant, recipientId(user)));
	}

	@PreAuthorize("isAuthenticated()")
	public void markRead(long deliveryId) {
		TenantId tenant = TenantContext.require();
		CirrusUser user = TenantContext.currentUser().orElseThrow();
		int changed = transactions.execute(tx -> store.markRead(tenant, recipientId(user), deliveryId));
		if (changed == 0 && items(false, 0, 200).stream().noneMatch(i -> i.id() == deliveryId)) {
			throw new NotFoundException("Inbox entry", deliveryId);
		}
		events.delivered(tenant, List.of(recipientId(user)));
	}

	@PreAuthorize("isAuthenticated()")
	public int markAllRead() {
		TenantId tenant = TenantContext.require();
		CirrusUser user = TenantContext.currentUser().orElseThrow();
		int changed = transactions.execute(tx -> store.markRead(tenant, recipientId(user), null));
		events.delivered(tenant, List.of(recipientId(user)));
		return changed;
	}

	/**
	 * Calls {@code listener} whenever the user's inbox changes (an entry delivered or read), from a worker thread;
	 * run the returned handle to stop.
	 */
	@PreAuthorize("isAuthenticated()")
	public Runnable onChange(Consumer<String> listener) {
		TenantId tenant = TenantContext.require();
		CirrusUser user = TenantContext.currentUser().orElseThrow();
		users.ensureCurrentUser(tenant, user);
		return events.listen(tenant, recipientId(user), listener);
	}
}
