package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.internal.DeliveryMessage;
import io.cirrus.notification.internal.DeliveryWorkers;
import io.cirrus.notification.internal.Publisher;
import io.cirrus.shared.TenantContext;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.TestRabbit;
import io.cirrus.test.TestTenant;

/**
 * Delivery survives what production throws at it: workers whose broker connections die mid-run, a broker restart,
 * a poison message, and a backlog that urgent messages must overtake. Each test runs in a tenant of its own.
 */
@CirrusIntegrationTest
class NotificationReliabilityIntegrationTests {

	@Autowired
	NotificationService notifications;

	@Autowired
	RecipientRegistry recipients;

	@Autowired
	WebhookService webhooks;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeliveryWorkers workers;

	@Autowired
	Publisher publisher;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	NotificationProperties properties;

	@Test
	void tenThousandAreDeliveredExactlyOnceWhileTheWorkersConnectionsAreKilled() throws Exception {
		TestTenant tenant = TestTenant.create(jdbc);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			tenant.asDeveloper(() -> {
				for (int i = 0; i < 50; i++) {
					recipients.putExternal("ext:r" + i, new RecipientRegistry.ExternalRecipient(null, Set.of("kill"), null, null));
				}
				return webhooks.register(new WebhookService.EndpointRequest(receiver.url("/kill"), "kill test"));
			});
			int count = 10_000;
			Thread killer = Thread.ofVirtual().start(() -> {
				for (int kill = 0; kill < 3; kill++) {
					int target = (kill + 1) * count / 4;
					Await.until("deliveries to reach " + target, Duration.ofSeconds(120), () -> delivered(tenant) >= target);
					// Abrupt, from the broker's side: every AMQP connection of the application dies at once;
					// unacknowledged messages go back to their queues and are delivered again.
					TestRabbit.ctl("close_all_connections", "reliability test: kill the delivering workers");
				}
			});
			sendConcurrently(tenant, count, i -> Map.of("recipients", List.of("ext:r" + (i % 50)), "channels",
					List.of("inbox", "webhook"), "title", "kill " + i));
			Await.until("all 20,000 deliveries", Duration.ofSeconds(240), () -> delivered(tenant) == 2 * count);
			killer.join(Duration.ofSeconds(10));

			Integer inboxRows = countDelivered(tenant, "inbox");
			assertThat(inboxRows).isEqualTo(count);
			Map<String, Integer> receptions = new HashMap<>();
			receiver.received().forEach(r -> receptions.merge(r.header("webhook-id"), 1, Integer::sum));
			// Standard Webhooks: the receiver keeps one reception per webhook-id; every notification arrived.
			assertThat(receptions).hasSize(count);
			long duplicates = receiver.received().size() - (long) receptions.size();
			System.out.printf("kill test: %d webhook receptions, %d distinct, %d resent after a kill%n",
					receiver.received().size(), receptions.size(), duplicates);
			assertThat(duplicates).isZero();
			assertThat(stateCounts(tenant)).containsOnlyKeys("delivered");
		}
	}

	@Test
	void restartingRabbitMqLosesNothingAndTheApplicationReconnects() throws Exception {
		TestTenant tenant = TestTenant.create(jdbc);
		tenant.asDeveloper(() -> recipients.putExternal("ext:restart",
				new RecipientRegistry.ExternalRecipient(null, Set.of(), null, null)));
		int count = 2_000;
		Thread sender = Thread.ofVirtual().start(() -> sendConcurrently(tenant, count,
				i -> Map.of("recipients", List.of("ext:restart"), "channels", List.of("inbox"), "title", "restart " + i)));
		Await.until("some deliveries before the restart", Duration.ofSeconds(60), () -> delivered(tenant) >= 200);
		TestRabbit.ctl("stop_app");
		try {
			Thread.sleep(3000);
		}
		finally {
			TestRabbit.ctl("start_app");
		}
		sender.join(Duration.ofSeconds(120));
		Await.until("all deliveries after the restart", Duration.ofSeconds(120), () -> delivered(tenant) == count);
		assertThat(countDelivered(tenant, "inbox")).isEqualTo(count);
		assertThat(workers.container("inbox").isRunning()).isTrue();
	}

	@Test
	void aPoisonDeliveryIsParkedAfterMaxAttemptsWhileTheRestFlowAndCanBeRetried() throws Exception {
		TestTenant tenant = TestTenant.create(jdbc);
		HttpReceiver sms = HttpReceiver.shared(18026);
		String poisonPhone = "+4930" + (1_000_000 + (int) (Math.random() * 8_000_000));
		Set<String> healed = ConcurrentHashMap.newKeySet();
		sms.answer(r -> r.body().contains(poisonPhone) && !healed.contains("yes") ? 500 : 200);
		try {
			tenant.asDeveloper(() -> {
				recipients.putExternal("ext:poison", new RecipientRegistry.ExternalRecipient(null, Set.of(), null, poisonPhone));
				for (int i = 0; i < 20; i++) {
					recipients.putExternal("ext:fine" + i,
							new RecipientRegistry.ExternalRecipient(null, Set.of(), null, "+4940" + (1_000_000 + i)));
				}
				return null;
			});
			// Garbage on a lane is parked at once and does not stop the workers.
			rabbit.send(NotificationTopology.EXCHANGE, "sms", MessageBuilder.withBody("not json".getBytes()).build());
			List<String> all = new ArrayList<>(IntStream.range(0, 20).mapToObj(i -> "ext:fine" + i).toList());
			all.add(10, "ext:poison");
			UUID id = tenant.asDeveloper(() -> notifications
				.send(new NotificationRequest(all, null, List.of("sms"), "high", "Poison", "test", null, null, null, null, null, null))
				.notification()
				.id());
			Await.until("the poison delivery parked", Duration.ofSeconds(60), () -> stateCounts(tenant).getOrDefault("parked", 0) == 1);
			Map<String, Integer> states = stateCounts(tenant);
			assertThat(states).containsEntry("delivered", 20).containsEntry("parked", 1);
			List<DeliveryView> parked = tenant.asDeveloper(() -> notifications.parked(0, 10));
			assertThat(parked).singleElement().satisfies(d -> {
				assertThat(d.recipient()).isEqualTo("ext:poison");
				assertThat(d.attempts()).isEqualTo(properties.maxAttempts());
				assertThat(d.lastError()).contains("500");
			});

			healed.add("yes");
			tenant.asDeveloper(() -> {
				notifications.retryParked(id, parked.getFirst().id());
				return null;
			});
			Await.until("the retried delivery delivered", Duration.ofSeconds(30), () -> stateCounts(tenant).equals(Map.of("delivered", 21)));
		}
		finally {
			sms.answer(r -> 200);
		}
	}

	@Test
	void tenUrgentNotificationsOvertakeABacklogOfOneHundredThousandWithinPrefetchPlusOne() throws Exception {
		TestTenant tenant = TestTenant.create(jdbc);
		tenant.asDeveloper(() -> recipients.putExternal("ext:backlog",
				new RecipientRegistry.ExternalRecipient(null, Set.of(), null, null)));
		UUID backlog = UUID.randomUUID();
		int normal = 100_000;
		List<Long> ids = TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> {
			jdbc.sql("""
					insert into notification (id, tenant_id, kind, priority, channels, title, body, state, created_by, total)
					values (?, ?, 'direct', 1, '{inbox}', 'backlog', '', 'dispatched', 'test', ?)""")
				.params(backlog, tenant.id().value(), normal)
				.update();
			return jdbc.sql("""
					insert into delivery (tenant_id, notification_id, recipient_id, channel)
					select ?, ?, 'ext:backlog', 'inbox' from generate_series(1, ?) returning id""")
				.params(tenant.id().value(), backlog, normal)
				.query(Long.class)
				.list();
		}));
		var inbox = workers.container("inbox");
		inbox.setAutoStartup(false); // paused on purpose: the recovery loop must not restart it meanwhile
		inbox.stop();
		inbox.setConcurrentConsumers(1);
		try {
			// The backlog goes straight into the on-demand queue, one message per delivery, at normal priority.
			for (int from = 0; from < ids.size(); from += 2000) {
				List<Publisher.Outgoing> batch = ids.subList(from, Math.min(ids.size(), from + 2000))
					.stream()
					.map(d -> new Publisher.Outgoing(NotificationTopology.EXCHANGE, "inbox",
							new DeliveryMessage(tenant.id(), backlog, "inbox", d, d).toMessage(Priority.NORMAL.amqpPriority(), 1)))
					.toList();
				boolean[] confirmed = publisher.publish(batch, Duration.ofSeconds(30));
				for (boolean ok : confirmed) {
					assertThat(ok).isTrue();
				}
			}
			inbox.setAutoStartup(true);
			inbox.start();
			Await.until("the backlog flowing", Duration.ofSeconds(60), () -> delivered(tenant) >= 1000);

			List<UUID> urgent = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				int n = i;
				urgent.add(tenant.asDeveloper(() -> notifications.send(new NotificationRequest(List.of("ext:backlog"), null,
						List.of("inbox"), "urgent", "urgent " + n, "", null, null, null, null, null, null)).notification().id()));
			}
			Await.until("the urgent ones in the queue", Duration.ofSeconds(30), () -> jdbc
				.sql("select count(*) from notification_dispatch where tenant_id = ?")
				.param(tenant.id().value())
				.query(Integer.class)
				.single() == 0);
			long reference = maxSeq(tenant);
			Await.until("the urgent ones delivered", Duration.ofSeconds(30), () -> urgentDelivered(tenant, urgent) == 10);
			long remaining = normal - deliveredOf(tenant, backlog);
			List<Long> overtakenBy = new ArrayList<>();
			for (UUID u : urgent) {
				long seq = TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
					.sql("select delivered_seq from delivery where notification_id = ?")
					.param(u)
					.query(Long.class)
					.single()));
				overtakenBy.add(TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc.sql("""
						select count(*) from delivery where notification_id = ? and delivered_seq > ? and delivered_seq < ?""")
					.params(backlog, reference, seq)
					.query(Long.class)
					.single())));
			}
			System.out.printf("urgent test: normal messages delivered before each urgent one: %s; backlog left: %d%n",
					overtakenBy, remaining);
			assertThat(remaining).as("the backlog was still there").isGreaterThan(50_000);
			assertThat(overtakenBy).allMatch(n -> n <= properties.prefetch() + 1);
		}
		finally {
			inbox.setAutoStartup(false);
			inbox.stop();
			rabbit.execute(channel -> channel.queuePurge(NotificationTopology.queue("inbox")));
			TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(tx -> jdbc
				.sql("update delivery set state = 'cancelled' where notification_id = ? and state = 'queued'")
				.param(backlog)
				.update()));
			inbox.setConcurrentConsumers(properties.consumers());
			inbox.setAutoStartup(true);
			inbox.start();
		}
	}

	@Test
	void anotherTenantsUrgentNotificationArrivesWithinOneSecondDuringABroadcast() throws Exception {
		TestTenant a = TestTenant.create(jdbc);
		TestTenant b = TestTenant.create(jdbc);
		TenantContext.runAs(a.id(), () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
				insert into recipient (tenant_id, id, kind, name, tags)
				select ?, 'ext:a' || lpad(g::text, 7, '0'), 'external', 'a' || g, '{crowd}' from generate_series(1, 100000) g""")
			.param(a.id().value())
			.update()));
		b.asDeveloper(() -> recipients.putExternal("ext:b", new RecipientRegistry.ExternalRecipient(null, Set.of(), null, null)));
		UUID broadcast = a.asDeveloper(() -> notifications.broadcast(new NotificationRequest(null, "tag:crowd",
				List.of("inbox"), "urgent", "Crowd", "everyone", null, null, null, null, null, null)).notification().id());
		Await.until("the broadcast in flight", Duration.ofSeconds(60), () -> deliveredOf(a, broadcast) > 0);
		long start = System.nanoTime();
		UUID urgent = b.asDeveloper(() -> notifications.send(new NotificationRequest(List.of("ext:b"), null,
				List.of("inbox"), "urgent", "B urgent", "", null, null, null, null, null, null)).notification().id());
		Await.until("B's urgent delivered", Duration.ofSeconds(10), () -> deliveredOf(b, urgent) == 1);
		long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		long aDelivered = deliveredOf(a, broadcast);
		System.out.printf("fairness test: B's urgent notification delivered in %d ms while A's broadcast had %d of 100000 delivered%n",
				millis, aDelivered);
		assertThat(aDelivered).as("A's broadcast still in flight").isLessThan(100_000);
		assertThat(millis).isLessThan(1000);
		a.asDeveloper(() -> notifications.cancel(broadcast));
	}

	// ---- helpers

	interface Body {

		Map<String, Object> of(int i);
	}

	private void sendConcurrently(TestTenant tenant, int count, Body body) {
		try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				futures.add(executor.submit(() -> tenant.asDeveloper(() -> {
					for (int i = thread; i < count; i += 8) {
						Map<String, Object> b = body.of(i);
						@SuppressWarnings("unchecked")
						List<String> to = (List<String>) b.get("recipients");
						@SuppressWarnings("unchecked")
						List<String> channels = (List<String>) b.get("channels");
						sendRetrying(new NotificationRequest(to, null, channels, null, (String) b.get("title"), "", null, null,
								null, null, null, null));
					}
					return null;
				})));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private void sendRetrying(NotificationRequest request) {
		notifications.send(request);
	}

	private long delivered(TestTenant tenant) {
		return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select coalesce(sum(delivered), 0) from notification where tenant_id = ?")
			.param(tenant.id().value())
			.query(Long.class)
			.single()));
	}

	private long deliveredOf(TestTenant tenant, UUID notification) {
		return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select delivered from notification where id = ?")
			.param(notification)
			.query(Long.class)
			.single()));
	}

	private long urgentDelivered(TestTenant tenant, List<UUID> urgent) {
		return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select count(*) from delivery where notification_id = any(?) and state = 'delivered'")
			.param(urgent.toArray(UUID[]::new))
			.query(Long.class)
			.single()));
	}

	private long maxSeq(TestTenant tenant) {
		return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select coalesce(max(delivered_seq), 0) from delivery where tenant_id = ?")
			.param(tenant.id().value())
			.query(Long.class)
			.single()));
	}

	private Integer countDelivered(TestTenant tenant, String channel) {
		return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select count(distinct (notification_id, recipient_id)) from delivery where tenant_id = ? and channel = ? and state = 'delivered'")
			.params(tenant.id().value(), channel)
			.query(Integer.class)
			.single()));
	}

	private Map<String, Integer> stateCounts(TestTenant tenant) {
		Map<String, Integer> counts = new HashMap<>();
		TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(tx -> jdbc
			.sql("select state, count(*) from delivery where tenant_id = ? group by state")
			.param(tenant.id().value())
			.query(rs -> {
				counts.put(rs.getString(1), rs.getInt(2));
			})));
		return counts;
	}
}
