package io.cirrus.app.internal;

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
import io.cirrus.shared.net.WebhookSigner;
import io.cirrus.shared.secret.SecretBox;

/**
 * The secrets apps sign their webhook calls with: made on first use, stored sealed ({@link SecretBox}, bound to
 * tenant and app), and kept under the active key by a background rewrap soon after start and then hourly.
 */
@Component
class AppWebhookSecrets {

	private static final Logger log = LoggerFactory.getLogger(AppWebhookSecrets.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SecretBox box;

	AppWebhookSecrets(JdbcClient jdbc, TransactionTemplate transactions, SecretBox box) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.box = box;
	}

	private static String context(TenantId tenant, UUID app) {
		return "app_webhook_secret/" + tenant.value() + "/" + app;
	}

	/** The app's webhook signing secret, made on first use. */
	String secret(TenantId tenant, UUID app) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
			jdbc.sql("insert into app_webhook_secret (tenant_id, app_id, secret) values (?, ?, ?) on conflict do nothing")
				.params(tenant.value(), app, box.seal(WebhookSigner.newSecret(), context(tenant, app)))
				.update();
			String stored = jdbc.sql("select secret from app_webhook_secret where tenant_id = ? and app_id = ?")
				.params(tenant.value(), app)
				.query(String.class)
				.single();
			return box.open(stored, context(tenant, app));
		}));
	}

	record Row(UUID app, String secret) {
	}

	/** Seals plain secrets and re-wraps those under a previous key; answers how many rows changed. */
	@Scheduled(initialDelayString = "PT25S", fixedDelayString = "PT1H")
	int rewrapAll() {
		int changed = 0;
		for (UUID id : jdbc.sql("select id from tenant").query(UUID.class).list()) {
			TenantId tenant = new TenantId(id);
			try {
				changed += TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
					List<Row> rows = jdbc.sql("select app_id, secret from app_webhook_secret where tenant_id = ? for update")
						.param(tenant.value())
						.query((rs, n) -> new Row(rs.getObject("app_id", UUID.class), rs.getString("secret")))
						.list();
					int n = 0;
					for (Row row : rows) {
						if (box.stale(row.secret())) {
							n += jdbc.sql("update app_webhook_secret set secret = ? where tenant_id = ? and app_id = ?")
								.params(box.rewrap(row.secret(), context(tenant, row.app())), tenant.value(), row.app())
								.update();
						}
					}
					return n;
				}));
			}
			catch (RuntimeException e) {
				log.warn("Could not rewrap the app webhook secrets of tenant {}: {}", tenant, e.getMessage());
			}
		}
		return changed;
	}
}
