package io.cirrus.notification.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.Recipient;
import io.cirrus.notification.UserDirectory;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Copies the tenant's users (organization members with their roles) from the identity provider into the recipient
 * registry before a notification needs them, at most every 30 seconds per tenant. When the identity provider does
 * not answer, the registry's last copy is used.
 */
@Component
public class UserSync {

	private static final Logger log = LoggerFactory.getLogger(UserSync.class);

	private static final Duration FRESH = Duration.ofSeconds(30);

	private final UserDirectory directory;

	private final NotificationStore store;

	private final TransactionTemplate transactions;

	private final Map<TenantId, Long> synced = new ConcurrentHashMap<>();

	UserSync(UserDirectory directory, NotificationStore store, TransactionTemplate transactions) {
		this.directory = directory;
		this.store = store;
		this.transactions = transactions;
	}

	/** Refreshes the caller's tenant's users unless done recently. */
	public void refresh(TenantId tenant) {
		Long last = synced.get(tenant);
		if (last != null && System.nanoTime() - last < FRESH.toNanos()) {
			return;
		}
		String alias = TenantContext.currentUser()
			.flatMap(CirrusUser::tenantRef)
			.filter(t -> t.id().equals(tenant))
			.map(CirrusUser.TenantRef::alias)
			.orElse(null);
		if (alias == null) {
			return;
		}
		try {
			List<UserDirectory.DirectoryUser> members = directory.members(alias);
			List<String> ids = new ArrayList<>();
			transactions.executeWithoutResult(tx -> {
				for (UserDirectory.DirectoryUser user : members) {
					String id = "user:" + user.id();
					ids.add(id);
					store.upsertRecipient(tenant, new Recipient(id, "user", user.username(), Set.of(), user.roles(),
							user.email(), null));
				}
				store.removeUsersExcept(tenant, ids);
			});
			synced.put(tenant, System.nanoTime());
		}
		catch (RuntimeException e) {
			log.warn("Could not refresh the users of tenant {} from the identity provider: {}", tenant, e.getMessage());
		}
	}

	/** Makes the signed-in user a recipient (so subscriptions and the inbox work before any sync). */
	public void ensureCurrentUser(TenantId tenant, CirrusUser user) {
		transactions.executeWithoutResult(tx -> {
			if (store.recipient(tenant, "user:" + user.subject()).isEmpty()) {
				store.upsertRecipient(tenant, new Recipient("user:" + user.subject(), "user", user.username(), Set.of(),
						user.roles(), user.email(), null));
			}
		});
	}
}
