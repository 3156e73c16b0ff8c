package io.cirrus.notification.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.TargetExpression;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Expands a broadcast one page at a time (docs/adr/0012): a single statement takes the next page of recipients by
 * keyset ({@code id > cursor}), inserts their deliveries, and writes one outbox row per run of
 * {@code batchSize} deliveries of a channel. Each page is one transaction, so a crash repeats at most the page
 * that was not committed, and the cursor says where to go on.
 */
@Component
class Expander {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	Expander(JdbcClient jdbc, TransactionTemplate transactions, NotificationProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
	}

	record Job(String state, String target, String cursor, List<String> channels) {
	}

	/** Expands the next page; answers true when the broadcast is fully expanded (or was cancelled). */
	boolean expandPage(TenantId tenant, UUID notification, int priority) {
		return TenantContext.callAs(tenant, () -> Boolean.TRUE.equals(transactions.execute(tx -> {
			Job job = jdbc.sql("""
					select state, target, coalesce(expand_cursor, '') as cursor, channels from notification
					where tenant_id = ? and id = ? for update""")
				.params(tenant.value(), notification)
				.query((rs, n) -> new Job(rs.getString("state"), rs.getString("target"), rs.getString("cursor"),
						Arrays.asList((String[]) rs.getArray("channels").getArray())))
				.optional()
				.orElse(null);
			if (job == null || !job.state().equals("expanding")) {
				return true;
			}
			List<String> channels = job.channels().stream().filter(c -> !c.equals("webhook")).toList();
			if (channels.isEmpty()) {
				jdbc.sql("update notification set state = 'dispatched' where id = ?").param(notification).update();
				return true;
			}
			TargetExpression target = TargetExpression.parse(job.target());
			TargetExpression.Sql condition = target.toSql("r");
			int pageSize = properties.broadcast().pageSize();
			List<Object> params = new ArrayList<>();
			params.add(tenant.value());
			params.add(job.cursor());
			params.addAll(condition.params());
			params.add(pageSize);
			params.add(tenant.value());
			params.add(notification);
			params.add(channels.toArray(String[]::new));
			params.add(tenant.value());
			params.add(notification);
			params.add((short) priority);
			params.add(properties.broadcast().batchSize());
			Page page = jdbc.sql("""
					with page as (
					  select r.id, r.email, r.phone from recipient r
					  where r.tenant_id = ? and r.id > ?""" + " and " + condition.condition() + """
					   order by r.id limit ?
					), ins as (
					  insert into delivery (tenant_id, notification_id, recipient_id, channel)
					  select ?, ?, p.id, ch from page p cross join unnest(?::text[]) ch
					  where ch = 'inbox' or (ch = 'email' and p.email is not null) or (ch = 'sms' and p.phone is not null)
					  order by p.id, ch
					  returning id, channel
					), disp as (
					  insert into notification_dispatch (tenant_id, notification_id, kind, lane, priority, first_id, last_id)
					  select ?, ?, 'publish', channel || '.bulk', ?, min(id), max(id)
					  from (select id, channel, (row_number() over (partition by channel order by id) - 1)
					          / (case when channel = 'inbox' then ? else 50 end) as batch from ins) x
					  group by channel, batch
					  returning 1
					)
					select (select max(id) from page) as cursor, (select count(*) from page) as seen,
					       (select count(*) from ins) as inserted, (select count(*) from disp) as messages""")
				.params(params)
				.query((rs, n) -> new Page(rs.getString("cursor"), rs.getInt("seen"), rs.getInt("inserted")))
				.single();
			boolean finished = page.seen() < pageSize;
			jdbc.sql("""
					update notification set total = total + ?, expand_cursor = coalesce(?, expand_cursor),
					  state = case when ? then 'dispatched' else state end
					where id = ?""")
				.params(page.inserted(), page.cursor(), finished, notification)
				.update();
			return finished;
		})));
	}

	record Page(String cursor, int seen, int inserted) {
	}
}
