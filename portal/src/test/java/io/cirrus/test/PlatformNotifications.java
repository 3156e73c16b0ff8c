package io.cirrus.test;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notifications the notification module made of platform events (a device offline, an alarm raised) for a
 * tenant, read from the database as subscribers get them: type, priority, texts, link and data.
 */
public final class PlatformNotifications {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A platform event's notification; {@code priority} as stored (0 low .. 3 urgent). */
	public record Notification(String eventType, int priority, String title, String body, @Nullable String link,
			Map<String, String> data) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	public PlatformNotifications(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** The tenant's notifications of this event type, oldest first. */
	public List<Notification> of(TenantId tenant, String eventType) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc.sql("""
				select event_type, priority, title, body, link, data::text from notification
				where tenant_id = ? and kind = 'event' and event_type = ? order by created_at, id""")
			.params(tenant.value(), eventType)
			.query((rs, n) -> new Notification(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
					rs.getString(5), JSON.readValue(rs.getString(6), new TypeReference<Map<String, String>>() {
					})))
			.list()));
	}
}
