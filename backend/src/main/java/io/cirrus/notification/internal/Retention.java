package io.cirrus.notification.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Deletes notifications (and with them their delivery log and inbox entries) older than the retention, tenant by
 * tenant (row-level security), hourly.
 */
@Component
class Retention {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	private final Clock clock;

	Retention(JdbcClient jdbc, TransactionTemplate transactions, NotificationProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void purge() {
		Timestamp before = Timestamp.from(clock.instant().minus(properties.retention()));
		// The tenant registry has no row-level security; each tenant's rows are deleted in its own transaction.
		List<UUID> tenants = jdbc.sql("select id from tenant").query(UUID.class).list();
		for (UUID id : tenants) {
			TenantId tenant = new TenantId(id);
			Integer deleted = TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc
				.sql("delete from notification where tenant_id = ? and created_at < ?")
				.params(id, before)
				.update()));
			if (deleted != null && deleted > 0) {
				log.info("Retention: deleted {} notifications of tenant {}", deleted, tenant);
			}
		}
	}
}
