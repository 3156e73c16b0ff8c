package io.cirrus.notification.internal;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.secret.SecretBox;

/**
 * Keeps stored webhook signing secrets under the active key: seals values from before encryption at rest and
 * re-wraps those under a previous key, tenant by tenant (row-level security), soon after start and then hourly.
 * Idempotent, so instances running it at once do no harm.
 */
@Component
public class WebhookSecrets {

	private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SecretBox box;

	WebhookSecrets(JdbcClient jdbc, TransactionTemplate transactions, SecretBox box) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.box = box;
	}

	/** What a stored secret of this endpoint is bound to: sealed for one row of one tenant. */
	public static String context(TenantId tenant, UUID endpoint) {
		return "webhook_endpoint/" + tenant.value() + "/" + endpoint;
	}

	record Row(UUID id, String secret, String previous) {
	}

	/** Rewraps every stale secret; answers how many rows changed. */
	@Scheduled(initialDelayString = "PT20S", fixedDelayString = "PT1H")
	public int rewrapAll() {
		int changed = 0;
		List<UUID> tenants = jdbc.sql("select id from tenant").query(UUID.class).list();
		for (UUID id : tenants) {
			TenantId tenant = new TenantId(id);
			try {
				changed += TenantContext.callAs(tenant, () -> transactions.execute(tx -> rewrap(tenant)));
			}
			catch (RuntimeException e) {
				log.warn("Could not rewrap the webhook secrets of tenant {}: {}", tenant, e.getMessage());
			}
		}
		if (changed > 0) {
			log.info("Rewrapped {} webhook signing secrets with the active key", changed);
		}
		return changed;
	}

	private int rewrap(TenantId tenant) {
		List<Row> rows = jdbc.sql("select id, secret, previous_secret from webhook_endpoint where tenant_id = ? for update")
			.param(tenant.value())
			.query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("secret"), rs.getString("previous_secret")))
			.list();
		int changed = 0;
		for (Row row : rows) {
			boolean previousStale = row.previous() != null && box.stale(row.previous());
			if (!box.stale(row.secret()) && !previousStale) {
				continue;
			}
			String context = context(tenant, row.id());
			changed += jdbc.sql("update webhook_endpoint set secret = ?, previous_secret = ? where tenant_id = ? and id = ?")
				.params(box.rewrap(row.secret(), context), row.previous() == null ? null : box.rewrap(row.previous(), context),
						tenant.value(), row.id())
				.update();
		}
		return changed;
	}
}
