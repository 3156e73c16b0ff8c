package io.cirrus.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProblems.FieldError;
import io.cirrus.notification.internal.PlatformEvent;
import io.cirrus.notification.internal.UserSync;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Which platform events a user wants to hear about, and on which channels (in-portal, e-mail, SMS). Other modules
 * publish their own events (a device went offline, an alarm was raised); this module turns each into a
 * {@link PlatformEvent} of one of these types, and the subscribers of the type get a notification.
 */
@Service
public class SubscriptionService {

	/** The event types users may subscribe to, with a label for people. */
	public static final Map<String, String> EVENT_TYPES = new java.util.LinkedHashMap<>(Map.of());

	static {
		EVENT_TYPES.put(PlatformEvent.DEPLOYMENT_FINISHED, "Deployment finished");
		EVENT_TYPES.put(PlatformEvent.DEPLOYMENT_CHANGED, "Deployment scheduled, stopped, paused or resumed");
		EVENT_TYPES.put(PlatformEvent.DEVICE_OFFLINE, "Device offline");
		EVENT_TYPES.put(PlatformEvent.DEVICE_ONLINE, "Device back online");
		EVENT_TYPES.put(PlatformEvent.ALARM_RAISED, "Alarm raised");
		EVENT_TYPES.put(PlatformEvent.ALARM_CLEARED, "Alarm cleared");
	}

	private static final List<String> CHANNELS = List.of("inbox", "email", "sms");

	/** One subscription: an event type and the channels it arrives on (empty: not subscribed). */
	public record Subscription(String eventType, List<String> channels) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final UserSync users;

	SubscriptionService(JdbcClient jdbc, TransactionTemplate transactions, UserSync users) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.users = users;
	}

	/** Every event type with the channels the user chose (none where not subscribed). */
	@PreAuthorize("isAuthenticated()")
	public List<Subscription> mine() {
		TenantId tenant = TenantContext.require();
		String user = InboxService.recipientId(TenantContext.currentUser().orElseThrow());
		Map<String, List<String>> chosen = new java.util.HashMap<>();
		transactions.executeWithoutResult(tx -> jdbc
			.sql("select event_type, channels from notification_subscription where tenant_id = ? and user_id = ?")
			.params(tenant.value(), user)
			.query(rs -> {
				chosen.put(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()));
			}));
		return EVENT_TYPES.keySet().stream().map(t -> new Subscription(t, chosen.getOrDefault(t, List.of()))).toList();
	}

	/** Replaces the user's subscriptions with these (types left out are unsubscribed). */
	@PreAuthorize("isAuthenticated()")
	public List<Subscription> update(List<Subscription> subscriptions) {
		TenantId tenant = TenantContext.require();
		CirrusUser user = TenantContext.currentUser().orElseThrow();
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < subscriptions.size(); i++) {
			Subscription s = subscriptions.get(i);
			if (s == null || s.eventType() == null || !EVENT_TYPES.containsKey(s.eventType())) {
				errors.add(new FieldError("[" + i + "].eventType",
						"must be one of " + String.join(", ", EVENT_TYPES.keySet())));
				continue;
			}
			for (String channel : Optional.ofNullable(s.channels()).orElse(List.of())) {
				if (!CHANNELS.contains(channel)) {
					errors.add(new FieldError("[" + i + "].channels", "'" + channel + "' is not one of inbox, email, sms"));
				}
			}
		}
		if (!errors.isEmpty()) {
			throw NotificationProblems.invalid(errors);
		}
		users.ensureCurrentUser(tenant, user);
		String id = InboxService.recipientId(user);
		transactions.executeWithoutResult(tx -> {
			jdbc.sql("delete from notification_subscription where tenant_id = ? and user_id = ?")
				.params(tenant.value(), id)
				.update();
			for (Subscription s : subscriptions) {
				List<String> channels = s.channels() == null ? List.of() : s.channels().stream().distinct().toList();
				if (!channels.isEmpty()) {
					jdbc.sql("insert into notification_subscription (tenant_id, user_id, event_type, channels) values (?, ?, ?, ?)")
						.params(tenant.value(), id, s.eventType(), channels.toArray(String[]::new))
						.update();
				}
			}
		});
		return mine();
	}
}
