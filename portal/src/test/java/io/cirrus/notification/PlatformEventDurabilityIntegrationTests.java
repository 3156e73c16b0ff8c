package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceStatus;
import io.cirrus.device.DeviceStatusChanged;
import io.cirrus.health.AlarmRaised;
import io.cirrus.health.Severity;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;

/**
 * Other modules' events that the notification module tells people about travel through Spring Modulith's event
 * publication registry: stored with the publishing transaction, turned into a notification after commit, kept when
 * that fails and resubmitted, never doubled, and never announced when the publishing transaction rolled back.
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
	void aDeviceStatusChangeBecomesANotificationAndLeavesNoPublicationBehind() {
		TenantId tenant = tenant();
		String name = "committed-" + UUID.randomUUID();
		transactions.executeWithoutResult(tx -> events.publishEvent(new DeviceStatusChanged(tenant, DeviceId.random(),
				name, DeviceStatus.OFFLINE, Instant.parse("2026-11-26T23:55:00Z"), Instant.parse("2026-11-27T00:00:00Z"),
				new DeviceStatusChanged.Sweep(1, 0, List.of(name)))));
		Await.until("the notification", Duration.ofSeconds(20),
				() -> notifications(tenant, "Device " + name + " went offline") == 1);
		Await.until("the publication completed (deleted)", Duration.ofSeconds(20), () -> publications(name) == 0);
	}

	@Test
	void anAlarmOfARolledBackTransactionIsNeverAnnounced() throws Exception {
		TenantId tenant = tenant();
		String rule = "Rolled back " + UUID.randomUUID();
		transactions.executeWithoutResult(tx -> {
			events.publishEvent(alarm(tenant, rule));
			tx.setRollbackOnly();
		});
		Thread.sleep(1500);
		assertThat(notifications(tenant, "CRITICAL alarm: " + rule)).isZero();
		assertThat(publications(rule)).isZero();
	}

	@Test
	void anAlarmWhoseNotificationFailedIsKeptAndResubmittedOnce() {
		// The tenant does not exist yet: the notification insert fails (foreign key), as it would on a database
		// hiccup, and the publication stays incomplete.
		TenantId tenant = TenantId.random();
		String rule = "Failed first " + UUID.randomUUID();
		AlarmRaised event = alarm(tenant, rule);
		transactions.executeWithoutResult(tx -> events.publishEvent(event));
		Await.until("the failed attempt recorded", Duration.ofSeconds(20),
				() -> jdbc.sql("select count(*) from event_publication where serialized_event like ? and completion_date is null")
					.param("%" + rule + "%")
					.query(Long.class)
					.single() == 1);
		assertThat(jdbc.sql("select event_type from event_publication where serialized_event like ?")
			.param("%" + rule + "%")
			.query(String.class)
			.single()).isEqualTo(AlarmRaised.class.getName());
		jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?)")
			.params(tenant.value(), "late-" + tenant.value().toString().substring(0, 8), "Late tenant")
			.update();

		incomplete.resubmitIncompletePublicationsOlderThan(Duration.ZERO);
		Await.until("the notification after resubmission", Duration.ofSeconds(20),
				() -> notifications(tenant, "CRITICAL alarm: " + rule) == 1);
		Await.until("the publication completed", Duration.ofSeconds(20), () -> publications(rule) == 0);

		// The same event again (a second instance resubmitting it, say) finds the notification it made.
		transactions.executeWithoutResult(tx -> events.publishEvent(event));
		Await.until("the duplicate publication completed", Duration.ofSeconds(20), () -> publications(rule) == 0);
		assertThat(notifications(tenant, "CRITICAL alarm: " + rule)).isEqualTo(1);
	}

	private TenantId tenant() {
		TenantId tenant = TenantId.random();
		jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?)")
			.params(tenant.value(), "ev-" + tenant.value().toString().substring(0, 8), "Events")
			.update();
		return tenant;
	}

	private static AlarmRaised alarm(TenantId tenant, String rule) {
		return new AlarmRaised(tenant, UUID.randomUUID(), UUID.randomUUID(), rule, "boiler-1", "Boiler 1",
				Severity.CRITICAL, "Temperature 93 above 90", 93.0, Instant.parse("2026-11-27T00:00:00Z"));
	}

	private long notifications(TenantId tenant, String title) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc
			.sql("select count(*) from notification where tenant_id = ? and title = ?")
			.params(tenant.value(), title)
			.query(Long.class)
			.single()));
	}

	private long publications(String text) {
		return jdbc.sql("select count(*) from event_publication where serialized_event like ?")
			.param("%" + text + "%")
			.query(Long.class)
			.single();
	}
}
