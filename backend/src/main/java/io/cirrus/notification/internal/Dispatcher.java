package io.cirrus.notification.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.NotificationTopology;
import io.cirrus.notification.Priority;
import io.cirrus.shared.TenantId;

/**
 * The outbox relay (docs/adr/0011). Outbox rows are written in the transaction that writes the deliveries; the
 * relay claims due rows (urgent first; {@code FOR UPDATE SKIP LOCKED}, so several instances share the work),
 * publishes them persistent and mandatory, waits for the publisher confirms and deletes what was confirmed. What is
 * not confirmed (broker down, returned) stays and is published again: at-least-once into the broker, and the
 * workers make redelivery harmless. Broadcast expansion runs on its own thread so it never delays a publish.
 */
@Component
public class Dispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Publisher publisher;

	private final Expander expander;

	private final NotificationProperties properties;

	private final Semaphore publishSignal = new Semaphore(0);

	private final Semaphore expandSignal = new Semaphore(0);

	private volatile boolean running;

	private final BackgroundThreads threads = new BackgroundThreads();

	Dispatcher(JdbcClient jdbc, TransactionTemplate transactions, Publisher publisher, Expander expander,
			NotificationProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.publisher = publisher;
		this.expander = expander;
		this.properties = properties;
	}

	/** Tells the relay and the expander that new rows are due (called after commit). */
	public void wake() {
		publishSignal.release();
		expandSignal.release();
	}

	/** Tells the relay only that new outbox rows are due (called after commit; no broadcast to expand). */
	public void wakeRelay() {
		publishSignal.release();
	}

	/** Adds a broadcast job to expand (in the caller's transaction). */
	public void scheduleExpansion(TenantId tenant, UUID notification, Priority priority, @Nullable Instant due) {
		jdbc.sql("""
				insert into notification_dispatch (tenant_id, notification_id, kind, lane, priority, due_at)
				values (?, ?, 'expand', 'expand', ?, coalesce(?, now()))""")
			.params(tenant.value(), notification, (short) priority.amqpPriority(), due == null ? null : Timestamp.from(due))
			.update();
	}

	record Row(long id, TenantId tenant, UUID notification, String lane, int priority, long first, long last) {
	}

	List<Row> claim(String kind, int limit) {
		return transactions.execute(tx -> jdbc.sql("""
				update notification_dispatch set claimed_until = now() + make_interval(secs => ?)
				where id in (select id from notification_dispatch
				             where kind = ? and due_at <= now() and (claimed_until is null or claimed_until < now())
				             order by priority desc, due_at, id limit ? for update skip locked)
				returning id, tenant_id, notification_id, lane, priority, coalesce(first_id, 0) as first_id,
				          coalesce(last_id, 0) as last_id""")
			.params((double) properties.relay().claimTimeout().toSeconds(), kind, limit)
			.query(Dispatcher::row)
			.list());
	}

	/**
	 * One round: publishes up to a batch of due rows; answers how many it took. The rows stay locked ({@code FOR
	 * UPDATE SKIP LOCKED}) by this round's transaction while they are published, and what was confirmed is deleted in
	 * it: one transaction per round, and a crash before the commit leaves every row to be published again.
	 */
	int relayOnce() {
		int[] taken = { 0 };
		boolean retryLater = Boolean.TRUE.equals(transactions.execute(tx -> {
			List<Row> rows = new ArrayList<>(jdbc.sql("""
					select id, tenant_id, notification_id, lane, priority, coalesce(first_id, 0) as first_id,
					       coalesce(last_id, 0) as last_id
					from notification_dispatch
					where kind = 'publish' and due_at <= now() and (claimed_until is null or claimed_until < now())
					order by priority desc, due_at, id limit ? for update skip locked""")
				.param(properties.relay().batch())
				.query(Dispatcher::row)
				.list());
			taken[0] = rows.size();
			if (rows.isEmpty()) {
				return false;
			}
			return publish(rows);
		}));
		if (retryLater) {
			sleep(Duration.ofMillis(500));
		}
		return taken[0];
	}

	/** Publishes the rows in packs; deletes what was confirmed; answers whether some were not. */
	private boolean publish(List<Row> rows) {
		// Urgent first; rows of one lane together (in id order), so they can share messages.
		rows.sort(Comparator.comparingInt(Row::priority).reversed().thenComparing(Row::lane).thenComparingLong(Row::id));
		List<List<Row>> packs = pack(rows, properties.relay().pack(), properties.broadcast().batchSize());
		List<Publisher.Outgoing> out = new ArrayList<>(packs.size());
		for (List<Row> pack : packs) {
			Row head = pack.getFirst();
			String channel = head.lane().replace(NotificationTopology.BULK, "");
			List<DeliveryMessage> segments = pack.stream()
				.map(row -> new DeliveryMessage(row.tenant(), row.notification(), channel, row.first(), row.last()))
				.toList();
			out.add(new Publisher.Outgoing(NotificationTopology.EXCHANGE, head.lane(),
					DeliveryMessage.toMessage(segments, head.priority(), 1)));
		}
		boolean[] confirmed = publisher.publish(out, Duration.ofSeconds(10));
		List<Long> done = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		for (int i = 0; i < packs.size(); i++) {
			for (Row row : packs.get(i)) {
				(confirmed[i] ? done : failed).add(row.id());
			}
		}
		if (!done.isEmpty()) {
			jdbc.sql("delete from notification_dispatch where id = any(?)").param(done.toArray(Long[]::new)).update();
		}
		if (failed.isEmpty()) {
			return false;
		}
		// Try again soon rather than at once: the broker may be back in a second.
		jdbc.sql("update notification_dispatch set claimed_until = now() + interval '1 second' where id = any(?)")
			.param(failed.toArray(Long[]::new))
			.update();
		log.warn("{} of {} notification outbox rows were not confirmed by RabbitMQ; they will be published again",
				failed.size(), rows.size());
		return true;
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		return new Row(rs.getLong("id"), new TenantId(rs.getObject("tenant_id", UUID.class)),
				rs.getObject("notification_id", UUID.class), rs.getString("lane"), rs.getInt("priority"),
				rs.getLong("first_id"), rs.getLong("last_id"));
	}

	/**
	 * Packs rows (sorted by priority) into broker messages: consecutive rows of one lane and priority, at most
	 * {@code maxRows} and {@code maxDeliveries} deliveries per message (a row over that goes alone).
	 */
	static List<List<Row>> pack(List<Row> rows, int maxRows, int maxDeliveries) {
		List<List<Row>> packs = new ArrayList<>();
		List<Row> current = new ArrayList<>();
		long deliveries = 0;
		for (Row row : rows) {
			long span = row.last() - row.first() + 1;
			boolean fits = !current.isEmpty() && current.size() < maxRows && deliveries + span <= maxDeliveries
					&& current.getFirst().lane().equals(row.lane()) && current.getFirst().priority() == row.priority();
			if (!current.isEmpty() && !fits) {
				packs.add(current);
				current = new ArrayList<>();
				deliveries = 0;
			}
			current.add(row);
			deliveries += span;
		}
		if (!current.isEmpty()) {
			packs.add(current);
		}
		return packs;
	}

	/** One expansion step: a page of one broadcast; answers whether there was work. */
	boolean expandOnce() {
		List<Row> rows = claim("expand", 1);
		if (rows.isEmpty()) {
			return false;
		}
		Row row = rows.getFirst();
		try {
			boolean finished = expander.expandPage(row.tenant(), row.notification(), row.priority());
			transactions.executeWithoutResult(tx -> {
				if (finished) {
					jdbc.sql("delete from notification_dispatch where id = ?").param(row.id()).update();
				}
				else {
					// Back behind other due jobs, so two broadcasts progress side by side.
					jdbc.sql("update notification_dispatch set claimed_until = null, due_at = now() where id = ?")
						.param(row.id())
						.update();
				}
			});
			publishSignal.release();
		}
		catch (RuntimeException e) {
			log.warn("Expanding broadcast {} failed (will retry): {}", row.notification(), e.getMessage());
			sleep(Duration.ofSeconds(1));
		}
		return true;
	}

	private void relayLoop() {
		while (running) {
			try {
				if (relayOnce() < properties.relay().batch()) {
					if (publishSignal.tryAcquire(properties.relay().idle().toMillis(), TimeUnit.MILLISECONDS)) {
						// Woken by a commit: let the commits of the next moment join this round (as a producer's
						// linger), so a busy outbox is read in batches rather than row by row.
						Thread.sleep(properties.relay().linger());
					}
					publishSignal.drainPermits();
				}
			}
			catch (InterruptedException e) {
				return;
			}
			catch (RuntimeException e) {
				log.warn("Notification relay round failed (will retry): {}", e.getMessage());
				sleep(Duration.ofSeconds(1));
			}
		}
	}

	private void expandLoop() {
		while (running) {
			try {
				if (!expandOnce()) {
					expandSignal.tryAcquire(properties.relay().idle().toMillis(), TimeUnit.MILLISECONDS);
					expandSignal.drainPermits();
				}
			}
			catch (InterruptedException e) {
				return;
			}
			catch (RuntimeException e) {
				log.warn("Broadcast expansion round failed (will retry): {}", e.getMessage());
				sleep(Duration.ofSeconds(1));
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		running = true;
		threads.start("notify-relay", this::relayLoop);
		threads.start("notify-expander", this::expandLoop);
	}

	@Override
	public void stop() {
		running = false;
		threads.stop();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Stops before the listener containers and the connection factory.
		return Integer.MAX_VALUE - 100;
	}
}
