package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;

/**
 * Platform events travel through Spring Modulith's event publication registry: stored with the publishing
 * transaction, turned into a notification after commit, kept when that fails and resubmitted, never doubled.
 */
@CirrusIntegrationTest
class PlatformEventDurabilityIntegrationTests {

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IncompleteEventPublications incomplete;

	@Test
	void anEventPublishedInATransactionBecomesANotificationAndLeavesNoPublicationBehind() {
		TenantId tenant = tenant();
		String title = "Committed " + UUID.randomUUID();
		transactions.executeWithoutResult(tx -> events.publishEvent(event(tenant, title)));
		Await.until("the notification", Duration.ofSeconds(20), () -> notifications(tenant, title) == 1);
		Await.until("the publication completed (deleted)", Duration.ofSeconds(20), () -> publications(title) == 0);
	}

	@Test
	void anEventOfARolledBackTransactionIsNeverAnnounced() throws Exception {
		TenantId tenant = tenant();
		String title = "Rolled back " + UUID.randomUUID();
		transactions.executeWithoutResult(tx -> {
			events.publishEvent(event(tenant, title));
			tx.setRollbackOnly();
		});
		Thread.sleep(1500);
		assertThat(notifications(tenant, title)).isZero();
		assertThat(publications(title)).isZero();
	}

	@Test
	void anEventWhoseNotificationFailedIsKeptAndResubmittedOnce() {
		// The tenant does not exist yet: the notification insert fails (foreign key), as it would on a database
		// hiccup, and the publication stays incomplete.
		TenantId tenant = TenantId.random();
		String title = "Failed first " + UUID.randomUUID();
		PlatformEvent event = event(tenant, title);
		transactions.executeWithoutResult(tx -> events.publishEvent(event));
		Await.until("the failed attempt recorded", Duration.ofSeconds(20),
				() -> jdbc.sql("select count(*) from event_publication where serialized_event like ? and completion_date is null")
					.param("%" + title + "%")
					.query(Long.class)
					.single() == 1);
		jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?)")
			.params(tenant.value(), "late-" + tenant.value().toString().substring(0, 8), "Late tenant")
			.update();

		incomplete.resubmitIncompletePublicationsOlderThan(Duration.ZERO);
		Await.until("the notification after resubmission", Duration.ofSeconds(20), () -> notifications(tenant, title) == 1);
		Await.until("the publication completed", Duration.ofSeconds(20), () -> publications(title) == 0);

		// The same event again (a second instance resubmitting it, say) finds the notification it made.
		transactions.executeWithoutResult(tx -> events.publishEvent(event));
		Await.until("the duplicate publication completed", Duration.ofSeconds(20), () -> publications(title) == 0);
		assertThat(notifications(tenant, title)).isEqualTo(1);
	}

	private TenantId tenant() {
		TenantId tenant = TenantId.random();
		jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?)")
			.params(tenant.value(), "ev-" + tenant.value().toString().substring(0, 8), "Events")
			.update();
		return tenant;
	}

	private static PlatformEvent event(TenantId tenant, String title) {
		return new PlatformEvent(tenant, PlatformEvent.DEVICE_OFFLINE, Priority.HIGH, title, "It stopped reporting.",
				"/devices/x", Map.of("device", "x"), Instant.parse("2026-11-27T00:00:00Z"), title);
	}

	private long notifications(TenantId tenant, String title) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc
			.sql("select count(*) from notification where tenant_id = ? and title = ?")
			.params(tenant.value(), title)
			.query(Long.class)
			.single()));
	}

	private long publications(String title) {
		return jdbc.sql("select count(*) from event_publication where serialized_event like ?")
			.param("%" + title + "%")
			.query(Long.class)
			.single();
	}
}
