package io.cirrus.notification.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.InboxItem;
import io.cirrus.notification.NotificationView;
import io.cirrus.notification.Priority;
import io.cirrus.notification.Recipient;
import io.cirrus.notification.TargetExpression;
import io.cirrus.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification tables, in SQL (set-based where volumes are large). Callers run inside a transaction bound to
 * the tenant; every statement names the tenant as well (row-level security checks it a second time).
 */
@Repository
public class NotificationStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NOTIFICATION_COLUMNS = """
			id, kind, state, priority, channels, title, body, link, data::text as data, target, audio_id,
			idempotency_key, send_at, created_at, created_by, total, delivered, failed, event_type""";

	/** Which recipients can be reached on which channel. */
	static final String ADDRESSABLE = "(ch = 'inbox' or (ch = 'email' and r.email is not null) or (ch = 'sms' and r.phone is not null))";

	private final JdbcClient jdbc;

	NotificationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A notification to insert. */
	public record NewNotification(UUID id, TenantId tenant, String kind, String state, Priority priority,
			List<String> channels, String title, String body, @Nullable String link, Map<String, String> data,
			@Nullable UUID audioId, @Nullable String target, @Nullable String eventType, @Nullable String idempotencyKey,
			@Nullable Instant sendAt, String createdBy) {
	}

	public void insert(NewNotification n) {
		jdbc.sql("""
				insert into notification (id, tenant_id, kind, state, priority, channels, title, body, link, data,
				  audio_id, target, event_type, idempotency_key, send_at, created_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""")
			.params(n.id(), n.tenant().value(), n.kind(), n.state(), (short) n.priority().amqpPriority(),
					n.channels().toArray(String[]::new), n.title(), n.body(), n.link(), JSON.writeValueAsString(n.data()),
					n.audioId(), n.target(), n.eventType(), n.idempotencyKey(),
					n.sendAt() == null ? null : Timestamp.from(n.sendAt()), n.createdBy())
			.update();
	}

	/** A recipient a wanted name matched, and whether e-mail and SMS can reach it. */
	public record Match(String id, boolean email, boolean sms) {
	}

	/**
	 * The recipients of the tenant that {@code wanted} names (ids, or {@code user:<username>}), keyed by every name
	 * that matched: one statement for a whole batch of notifications.
	 */
	public Map<String, Match> match(TenantId tenant, Collection<String> wanted) {
		String[] ids = wanted.toArray(String[]::new);
		String[] users = wanted.stream().filter(w -> w.startsWith("user:")).map(w -> w.substring(5)).toArray(String[]::new);
		Map<String, Match> found = new HashMap<>();
		jdbc.sql("""
				select id, kind, name, email is not null as email, phone is not null as sms from recipient
				where tenant_id = ? and id = any(?)
				union
				select id, kind, name, email is not null, phone is not null from recipient
				where tenant_id = ? and kind = 'user' and name = any(?)""")
			.params(tenant.value(), ids, tenant.value(), users)
			.query(rs -> {
				Match match = new Match(rs.getString("id"), rs.getBoolean("email"), rs.getBoolean("sms"));
				found.put(match.id(), match);
				if (rs.getString("kind").equals("user")) {
					found.put("user:" + rs.getString("name"), match);
				}
			});
		return found;
	}

	/** A notification to write with its deliveries ({@code recipient id, channel} pairs, in the order to number them). */
	public record Direct(NewNotification notification, List<String> recipients, List<String> channels) {

		public int total() {
			return recipients.size();
		}
	}

	/**
	 * Writes notifications of one tenant to explicit recipients with their deliveries and outbox rows, in one
	 * statement whatever their number (the on-demand hot path, docs/adr/0016); answers each one's creation time, in
	 * order.
	 */
	public List<Instant> insertDirect(TenantId tenant, List<Direct> items, int inboxBatch, int otherBatch) {
		int k = items.size();
		UUID[] ids = new UUID[k];
		String[] kinds = new String[k];
		String[] states = new String[k];
		Short[] priorities = new Short[k];
		String[] channels = new String[k];
		String[] titles = new String[k];
		String[] bodies = new String[k];
		String[] links = new String[k];
		String[] data = new String[k];
		UUID[] audio = new UUID[k];
		String[] targets = new String[k];
		String[] events = new String[k];
		String[] keys = new String[k];
		Timestamp[] sendAt = new Timestamp[k];
		String[] createdBy = new String[k];
		Integer[] totals = new Integer[k];
		List<UUID> deliveryNotifications = new ArrayList<>();
		List<String> deliveryRecipients = new ArrayList<>();
		List<String> deliveryChannels = new ArrayList<>();
		for (int i = 0; i < k; i++) {
			NewNotification n = items.get(i).notification();
			ids[i] = n.id();
			kinds[i] = n.kind();
			states[i] = n.state();
			priorities[i] = (short) n.priority().amqpPriority();
			channels[i] = "{" + String.join(",", n.channels()) + "}";
			titles[i] = n.title();
			bodies[i] = n.body();
			links[i] = n.link();
			data[i] = JSON.writeValueAsString(n.data());
			audio[i] = n.audioId();
			targets[i] = n.target();
			events[i] = n.eventType();
			keys[i] = n.idempotencyKey();
			sendAt[i] = n.sendAt() == null ? null : Timestamp.from(n.sendAt());
			createdBy[i] = n.createdBy();
			totals[i] = items.get(i).total();
			for (int d = 0; d < items.get(i).total(); d++) {
				deliveryNotifications.add(n.id());
				deliveryRecipients.add(items.get(i).recipients().get(d));
				deliveryChannels.add(items.get(i).channels().get(d));
			}
		}
		Map<UUID, Instant> created = new HashMap<>();
		jdbc.sql("""
				with n as (
				  insert into notification (id, tenant_id, kind, state, priority, channels, title, body, link, data,
				    audio_id, target, event_type, idempotency_key, send_at, created_by, total)
				  select x.id, ?, x.kind, x.state, x.priority, x.channels::text[], x.title, x.body, x.link, x.data::jsonb,
				    x.audio, x.target, x.event, x.key, x.send_at, x.created_by, x.total
				  from unnest(?::uuid[], ?::text[], ?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[],
				              ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::int[])
				    as x(id, kind, state, priority, channels, title, body, link, data, audio, target, event, key,
				         send_at, created_by, total)
				  returning id, created_at, priority, send_at
				), d as (
				  insert into delivery (tenant_id, notification_id, recipient_id, channel)
				  select ?, u.n, u.r, u.c from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as u(n, r, c, o)
				  order by u.o
				  returning id, notification_id, channel
				), o as (
				  insert into notification_dispatch (tenant_id, notification_id, kind, lane, priority, first_id, last_id, due_at)
				  select ?, x.notification_id, 'publish', x.channel, n.priority, min(x.id), max(x.id), coalesce(n.send_at, now())
				  from (select id, notification_id, channel,
				          (row_number() over (partition by notification_id, channel order by id) - 1)
				          / case when channel = 'inbox' then ? else ? end as batch from d) x
				  join n on n.id = x.notification_id
				  group by x.notification_id, x.channel, x.batch, n.priority, n.send_at
				)
				select id, created_at from n""")
			.params(tenant.value(), ids, kinds, states, priorities, channels, titles, bodies, links, data, audio, targets,
					events, keys, sendAt, createdBy, totals, tenant.value(), deliveryNotifications.toArray(UUID[]::new),
					deliveryRecipients.toArray(String[]::new), deliveryChannels.toArray(String[]::new), tenant.value(),
					inboxBatch, otherBatch)
			.query(rs -> {
				created.put(rs.getObject("id", UUID.class), rs.getTimestamp("created_at").toInstant());
			});
		List<Instant> answer = new ArrayList<>(k);
		for (UUID id : ids) {
			answer.add(created.get(id));
		}
		return answer;
	}

	public Optional<UUID> findByIdempotencyKey(TenantId tenant, String key) {
		return jdbc.sql("select id from notification where tenant_id = ? and idempotency_key = ?")
			.params(tenant.value(), key)
			.query(UUID.class)
			.optional();
	}

	/** Deliveries for explicit recipients on each channel that can reach them. */
	public int insertDeliveries(TenantId tenant, UUID notification, List<String> recipientIds, List<String> channels) {
		return jdbc.sql("""
				insert into delivery (tenant_id, notification_id, recipient_id, channel)
				select ?, ?, r.id, ch from recipient r cross join unnest(?::text[]) ch
				where r.tenant_id = ? and r.id = any(?) and """ + ADDRESSABLE + " order by r.id, ch")
			.params(tenant.value(), notification, channels.toArray(String[]::new), tenant.value(),
					recipientIds.toArray(String[]::new))
			.update();
	}

	/** Deliveries for every recipient a target selects, at most {@code limit + 1} recipients (to detect excess). */
	public int countTarget(TenantId tenant, TargetExpression target, int limit) {
		TargetExpression.Sql sql = target.toSql("r");
		List<Object> params = new ArrayList<>();
		params.add(tenant.value());
		params.addAll(sql.params());
		params.add(limit);
		return jdbc.sql("select count(*) from (select 1 from recipient r where r.tenant_id = ? and " + sql.condition()
				+ " limit ?) x").params(params).query(Integer.class).single();
	}

	public List<String> targetRecipients(TenantId tenant, TargetExpression target, int limit) {
		TargetExpression.Sql sql = target.toSql("r");
		List<Object> params = new ArrayList<>();
		params.add(tenant.value());
		params.addAll(sql.params());
		params.add(limit);
		return jdbc.sql("select r.id from recipient r where r.tenant_id = ? and " + sql.condition() + " order by r.id limit ?")
			.params(params)
			.query(String.class)
			.list();
	}

	/** One delivery per enabled webhook endpoint of the tenant (or only the given one). */
	public int insertWebhookDeliveries(TenantId tenant, UUID notification, @Nullable UUID onlyEndpoint) {
		return jdbc.sql("""
				insert into delivery (tenant_id, notification_id, recipient_id, channel)
				select ?, ?, 'webhook:' || e.id, 'webhook' from webhook_endpoint e
				where e.tenant_id = ? and e.enabled and (?::uuid is null or e.id = ?::uuid) order by e.id""")
			.params(tenant.value(), notification, tenant.value(), onlyEndpoint, onlyEndpoint)
			.update();
	}

	/** Deliveries for the subscribers of an event type, on the channels each chose. */
	public int insertSubscriberDeliveries(TenantId tenant, UUID notification, String eventType) {
		return jdbc.sql("""
				insert into delivery (tenant_id, notification_id, recipient_id, channel)
				select ?, ?, s.user_id, ch from notification_subscription s cross join unnest(s.channels) ch
				join recipient r on r.tenant_id = s.tenant_id and r.id = s.user_id
				where s.tenant_id = ? and s.event_type = ? and """ + ADDRESSABLE + " order by s.user_id, ch")
			.params(tenant.value(), notification, tenant.value(), eventType)
			.update();
	}

	/**
	 * Writes the outbox rows of a notification's deliveries: per channel, consecutive runs of at most
	 * {@code inboxBatch} (in-portal) or {@code otherBatch} deliveries become one broker message.
	 */
	public int insertDispatch(TenantId tenant, UUID notification, Priority priority, boolean bulk, int inboxBatch,
			int otherBatch, @Nullable Instant dueAt, long afterId) {
		return jdbc.sql("""
				insert into notification_dispatch (tenant_id, notification_id, kind, lane, priority, first_id, last_id, due_at)
				select ?, ?, 'publish', channel || ?, ?, min(id), max(id), coalesce(?, now())
				from (select id, channel, (row_number() over (partition by channel order by id) - 1)
				        / case when channel = 'inbox' then ? else ? end as batch
				      from delivery where notification_id = ? and id > ?) d
				group by channel, batch""")
			.params(tenant.value(), notification, bulk ? ".bulk" : "", (short) priority.amqpPriority(),
					dueAt == null ? null : Timestamp.from(dueAt), inboxBatch, otherBatch, notification, afterId)
			.update();
	}

	/** Sets the total of a notification whose deliveries are all written, answering the notification. */
	public NotificationView setTotal(UUID notification, int total) {
		return jdbc.sql("update notification set total = ? where id = ? returning " + NOTIFICATION_COLUMNS)
			.params(total, notification)
			.query(NotificationStore::notification)
			.single();
	}

	public void updateTotal(UUID notification) {
		jdbc.sql("update notification set total = (select count(*) from delivery where notification_id = ?) where id = ?")
			.params(notification, notification)
			.update();
	}

	public Optional<NotificationView> find(TenantId tenant, UUID id) {
		return jdbc.sql("select " + NOTIFICATION_COLUMNS + " from notification where tenant_id = ? and id = ?")
			.params(tenant.value(), id)
			.query(NotificationStore::notification)
			.optional();
	}

	public List<NotificationView> recent(TenantId tenant, @Nullable String kind, int offset, int limit) {
		return jdbc.sql("select " + NOTIFICATION_COLUMNS
				+ " from notification where tenant_id = ? and (?::text is null or kind = ?) order by created_at desc, id offset ? limit ?")
			.params(tenant.value(), kind, kind, offset, limit)
			.query(NotificationStore::notification)
			.list();
	}

	public long count(TenantId tenant, @Nullable String kind) {
		return jdbc.sql("select count(*) from notification where tenant_id = ? and (?::text is null or kind = ?)")
			.params(tenant.value(), kind, kind)
			.query(Long.class)
			.single();
	}

	public List<DeliveryView> deliveries(TenantId tenant, UUID notification, int offset, int limit) {
		return jdbc.sql("""
				select id, notification_id, recipient_id, channel, state, attempts, created_at, delivered_at, last_error
				from delivery where tenant_id = ? and notification_id = ? order by id offset ? limit ?""")
			.params(tenant.value(), notification, offset, limit)
			.query(NotificationStore::delivery)
			.list();
	}

	public List<DeliveryView> deliveriesTo(TenantId tenant, String recipient, int limit) {
		return jdbc.sql("""
				select id, notification_id, recipient_id, channel, state, attempts, created_at, delivered_at, last_error
				from delivery where tenant_id = ? and recipient_id = ? order by id desc limit ?""")
			.params(tenant.value(), recipient, limit)
			.query(NotificationStore::delivery)
			.list();
	}

	public List<DeliveryView> parked(TenantId tenant, int offset, int limit) {
		return jdbc.sql("""
				select id, notification_id, recipient_id, channel, state, attempts, created_at, delivered_at, last_error
				from delivery where tenant_id = ? and parked_at is not null and state = 'parked' order by id desc offset ? limit ?""")
			.params(tenant.value(), offset, limit)
			.query(NotificationStore::delivery)
			.list();
	}

	/** Marks a notification cancelled and its undelivered deliveries too; answers how many were cancelled. */
	public int cancel(TenantId tenant, UUID notification) {
		// Rows are locked in id order, as the workers lock their ranges, and before the notification row, as the
		// workers do too; the service retries the rare deadlock a physical scan order can still cause.
		int cancelled = jdbc.sql("""
				update delivery set state = 'cancelled', updated_at = now()
				where id in (select id from delivery
				             where tenant_id = ? and notification_id = ? and state in ('queued', 'retrying')
				             order by id for update)""")
			.params(tenant.value(), notification)
			.update();
		jdbc.sql("update notification set state = 'cancelled' where tenant_id = ? and id = ?")
			.params(tenant.value(), notification)
			.update();
		jdbc.sql("delete from notification_dispatch where notification_id = ?").param(notification).update();
		return cancelled;
	}

	/** Puts a parked delivery back in the queue; answers whether it was parked. */
	public boolean unpark(TenantId tenant, UUID notification, long delivery, boolean bulk) {
		int changed = jdbc.sql("""
				update delivery set state = 'retrying', attempts = 0, last_error = null, updated_at = now(), parked_at = null
				where tenant_id = ? and notification_id = ? and id = ? and state = 'parked'""")
			.params(tenant.value(), notification, delivery)
			.update();
		if (changed == 0) {
			return false;
		}
		jdbc.sql("update notification set failed = greatest(failed - 1, 0) where id = ?").param(notification).update();
		jdbc.sql("""
				insert into notification_dispatch (tenant_id, notification_id, kind, lane, priority, first_id, last_id)
				select d.tenant_id, d.notification_id, 'publish', d.channel || ?, n.priority, d.id, d.id
				from delivery d join notification n on n.id = d.notification_id
				where d.notification_id = ? and d.id = ?""")
			.params(bulk ? ".bulk" : "", notification, delivery)
			.update();
		return true;
	}

	// ---- inbox

	public List<InboxItem> inbox(TenantId tenant, String recipient, boolean unreadOnly, int offset, int limit) {
		return jdbc.sql("""
				select d.id, d.notification_id, n.title, n.body, n.priority, n.link, n.audio_id, d.delivered_at, d.read_at
				from delivery d join notification n on n.id = d.notification_id
				where d.tenant_id = ? and d.recipient_id = ? and d.channel = 'inbox' and d.state = 'delivered'
				  and (not ? or d.read_at is null)
				order by d.id desc offset ? limit ?""")
			.params(tenant.value(), recipient, unreadOnly, offset, limit)
			.query((rs, n) -> new InboxItem(rs.getLong("id"), rs.getObject("notification_id", UUID.class),
					rs.getString("title"), rs.getString("body"), Priority.values()[rs.getShort("priority")].name().toLowerCase(),
					rs.getString("link"), rs.getString("audio_id"), rs.getTimestamp("delivered_at").toInstant(),
					instant(rs, "read_at")))
			.list();
	}

	public int unread(TenantId tenant, String recipient) {
		return jdbc.sql("""
				select count(*) from delivery where tenant_id = ? and recipient_id = ? and channel = 'inbox'
				and state = 'delivered' and read_at is null""")
			.params(tenant.value(), recipient)
			.query(Integer.class)
			.single();
	}

	public int markRead(TenantId tenant, String recipient, @Nullable Long delivery) {
		return jdbc.sql("""
				update delivery set read_at = now() where tenant_id = ? and recipient_id = ? and channel = 'inbox'
				and state = 'delivered' and read_at is null and (?::bigint is null or id = ?::bigint)""")
			.params(tenant.value(), recipient, delivery, delivery)
			.update();
	}

	// ---- recipients

	public void upsertRecipient(TenantId tenant, Recipient r) {
		jdbc.sql("""
				insert into recipient (tenant_id, id, kind, name, tags, roles, email, phone) values (?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (tenant_id, id) do update set kind = excluded.kind, name = excluded.name, tags = excluded.tags,
				  roles = excluded.roles, email = excluded.email, phone = excluded.phone, updated_at = now()""")
			.params(tenant.value(), r.id(), r.kind(), r.name(), r.tags().stream().sorted().toArray(String[]::new),
					r.roles().stream().sorted().toArray(String[]::new), r.email(), r.phone())
			.update();
	}

	public int removeRecipient(TenantId tenant, String id) {
		return jdbc.sql("delete from recipient where tenant_id = ? and id = ?").params(tenant.value(), id).update();
	}

	/** Removes the tenant's users that are not in {@code keep}. */
	public int removeUsersExcept(TenantId tenant, List<String> keep) {
		return jdbc.sql("delete from recipient where tenant_id = ? and kind = 'user' and not (id = any(?))")
			.params(tenant.value(), keep.toArray(String[]::new))
			.update();
	}

	public Optional<Recipient> recipient(TenantId tenant, String id) {
		return jdbc.sql("select id, kind, name, tags, roles, email, phone from recipient where tenant_id = ? and id = ?")
			.params(tenant.value(), id)
			.query(NotificationStore::recipient)
			.optional();
	}

	public List<Recipient> recipients(TenantId tenant, @Nullable String kind, int offset, int limit) {
		return jdbc.sql("""
				select id, kind, name, tags, roles, email, phone from recipient
				where tenant_id = ? and (?::text is null or kind = ?) order by id offset ? limit ?""")
			.params(tenant.value(), kind, kind, offset, limit)
			.query(NotificationStore::recipient)
			.list();
	}

	// ---- mapping

	static NotificationView notification(ResultSet rs, int row) throws SQLException {
		int total = rs.getInt("total");
		int delivered = rs.getInt("delivered");
		int failed = rs.getInt("failed");
		String state = rs.getString("state");
		int queued = state.equals("cancelled") ? 0 : Math.max(0, total - delivered - failed);
		Map<String, Object> data = JSON.readValue(rs.getString("data"), new TypeReference<Map<String, Object>>() {
		});
		return new NotificationView(rs.getObject("id", UUID.class), rs.getString("kind"), state,
				Priority.values()[rs.getShort("priority")].name().toLowerCase(),
				Arrays.asList((String[]) rs.getArray("channels").getArray()), rs.getString("title"), rs.getString("body"),
				rs.getString("link"), data, rs.getString("target"), rs.getObject("audio_id", UUID.class),
				rs.getString("idempotency_key"), instant(rs, "send_at"), rs.getTimestamp("created_at").toInstant(),
				rs.getString("created_by"), total, queued, delivered, failed, rs.getString("event_type"));
	}

	static DeliveryView delivery(ResultSet rs, int row) throws SQLException {
		return new DeliveryView(rs.getLong("id"), rs.getObject("notification_id", UUID.class),
				rs.getString("recipient_id"), rs.getString("channel"), rs.getString("state"), rs.getInt("attempts"),
				rs.getTimestamp("created_at").toInstant(), instant(rs, "delivered_at"), rs.getString("last_error"));
	}

	static Recipient recipient(ResultSet rs, int row) throws SQLException {
		return new Recipient(rs.getString("id"), rs.getString("kind"), rs.getString("name"),
				Set.of((String[]) rs.getArray("tags").getArray()), Set.of((String[]) rs.getArray("roles").getArray()),
				rs.getString("email"), rs.getString("phone"));
	}

	static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}
}
