package io.cirrus.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.internal.Dispatcher;
import io.cirrus.notification.internal.NotificationStore;
import io.cirrus.notification.internal.NotificationStore.NewNotification;
import io.cirrus.notification.internal.WebhookSecrets;
import io.cirrus.shared.net.UrlPolicy;
import io.cirrus.shared.net.WebhookSigner;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.secret.SecretBox;

/**
 * A tenant's webhook endpoints: registered with a URL that passes the SSRF policy, given a signing secret shown
 * once and stored encrypted, rotated with an overlap in which the old and the new secret both sign, tested with a
 * "send test" notification, and watched through their recent deliveries.
 */
@Service
public class WebhookService {

	private static final String MANAGERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "','" + Roles.DEVELOPER + "')";

	/** An endpoint (never with its secret). */
	public record Endpoint(UUID id, String url, String description, boolean enabled, Instant createdAt) {
	}

	/** A newly registered endpoint and its signing secret, which is shown only now. */
	public record Created(Endpoint endpoint, String secret) {
	}

	/** A new signing secret, shown only now, and until when the previous one still signs beside it. */
	public record Rotated(UUID endpoint, String secret, Instant previousSignsUntil) {
	}

	/** What a caller registers. */
	public record EndpointRequest(@Nullable String url, @Nullable String description) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final NotificationStore store;

	private final Dispatcher dispatcher;

	private final UrlPolicy policy;

	private final SecretBox secrets;

	private final NotificationProperties properties;

	WebhookService(JdbcClient jdbc, TransactionTemplate transactions, NotificationStore store, Dispatcher dispatcher,
			NotificationProperties properties, SecretBox secrets) {
		this.secrets = secrets;
		this.properties = properties;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.store = store;
		this.dispatcher = dispatcher;
		this.policy = new UrlPolicy(properties.webhook().allowLoopbackTargets());
	}

	@PreAuthorize(MANAGERS)
	public Created register(EndpointRequest request) {
		TenantId tenant = TenantContext.require();
		if (request.url() == null || request.url().isBlank()) {
			throw NotificationProblems.invalid("url", "must not be blank");
		}
		String url = request.url().strip();
		Optional<String> refusal = policy.refusal(url);
		if (refusal.isPresent()) {
			throw new CirrusException(NotificationProblems.UNSAFE_WEBHOOK_URL, "The webhook URL " + refusal.get() + ".",
					Map.of("errors", List.of(Map.of("field", "url", "message", refusal.get()))));
		}
		String description = request.description() == null ? "" : request.description().strip();
		if (description.length() > 200) {
			throw NotificationProblems.invalid("description", "must be at most 200 characters");
		}
		UUID id = UUID.randomUUID();
		String secret = WebhookSigner.newSecret();
		transactions.executeWithoutResult(tx -> jdbc
			.sql("insert into webhook_endpoint (id, tenant_id, url, description, secret) values (?, ?, ?, ?, ?)")
			.params(id, tenant.value(), url, description, secrets.seal(secret, WebhookSecrets.context(tenant, id)))
			.update());
		return new Created(get(id), secret);
	}

	/**
	 * Gives the endpoint a new signing secret, shown only now; the current one keeps signing beside it for
	 * {@code cirrus.notification.webhook.secret-overlap}, so the receiver can switch without a gap. Rotating again
	 * within the overlap drops the oldest.
	 */
	@PreAuthorize(MANAGERS)
	public Rotated rotateSecret(UUID id) {
		TenantId tenant = TenantContext.require();
		get(id);
		String secret = WebhookSigner.newSecret();
		Instant until = Instant.now().plus(properties.webhook().secretOverlap());
		int changed = transactions.execute(tx -> jdbc.sql("""
				update webhook_endpoint set previous_secret = secret, previous_until = ?, secret = ?, rotated_at = now()
				where tenant_id = ? and id = ?""")
			.params(java.sql.Timestamp.from(until), secrets.seal(secret, WebhookSecrets.context(tenant, id)),
					tenant.value(), id)
			.update());
		if (changed == 0) {
			throw new NotFoundException("Webhook endpoint", id);
		}
		return new Rotated(id, secret, until);
	}

	@PreAuthorize(MANAGERS)
	public List<Endpoint> list() {
		TenantId tenant = TenantContext.require();
		return transactions.execute(tx -> jdbc
			.sql("select id, url, description, enabled, created_at from webhook_endpoint where tenant_id = ? order by created_at")
			.param(tenant.value())
			.query((rs, n) -> new Endpoint(rs.getObject("id", UUID.class), rs.getString("url"), rs.getString("description"),
					rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant()))
			.list());
	}

	@PreAuthorize(MANAGERS)
	public Endpoint get(UUID id) {
		return list().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() -> new NotFoundException("Webhook endpoint", id));
	}

	@PreAuthorize(MANAGERS)
	public void remove(UUID id) {
		TenantId tenant = TenantContext.require();
		int removed = transactions.execute(tx -> jdbc.sql("delete from webhook_endpoint where tenant_id = ? and id = ?")
			.params(tenant.value(), id)
			.update());
		if (removed == 0) {
			throw new NotFoundException("Webhook endpoint", id);
		}
	}

	/** Sends a test notification to this endpoint only, through the normal queues; answers its id. */
	@PreAuthorize(MANAGERS)
	public UUID sendTest(UUID endpoint) {
		TenantId tenant = TenantContext.require();
		get(endpoint);
		UUID id = UUID.randomUUID();
		String by = TenantContext.currentUser().map(u -> u.username()).orElse("system");
		transactions.executeWithoutResult(tx -> {
			store.insert(new NewNotification(id, tenant, "direct", "dispatched", Priority.HIGH, List.of("webhook"),
					"Test from Cirrus", "This is a test of your webhook endpoint.", null, Map.of("test", "true"), null,
					null, null, null, null, by));
			store.insertWebhookDeliveries(tenant, id, endpoint);
			store.updateTotal(id);
			store.insertDispatch(tenant, id, Priority.HIGH, false, 1, 1, null, 0);
		});
		dispatcher.wakeRelay();
		return id;
	}

	/** The endpoint's latest deliveries, newest first. */
	@PreAuthorize(MANAGERS)
	public List<DeliveryView> recentDeliveries(UUID endpoint, int limit) {
		TenantId tenant = TenantContext.require();
		get(endpoint);
		return transactions.execute(tx -> store.deliveriesTo(tenant, "webhook:" + endpoint, Math.clamp(limit, 1, 200)));
	}
}
