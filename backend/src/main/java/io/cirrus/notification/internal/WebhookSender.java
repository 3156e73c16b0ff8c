package io.cirrus.notification.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.springframework.beans.factory.DisposableBean;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.net.UrlPolicy;
import io.cirrus.shared.net.WebhookClient;
import io.cirrus.shared.net.WebhookSigner;
import io.cirrus.shared.secret.SecretBox;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks: a CloudEvents 1.0 JSON body, signed per Standard Webhooks ({@code webhook-id} is stable per delivery,
 * so receivers drop a resend; during a secret rotation's overlap both secrets sign), sent through
 * {@link WebhookClient} (the address the SSRF policy checked and no other, a deadline on the whole call, a cap on the
 * answer's bytes, no redirects), a circuit breaker per endpoint so a dead endpoint is not hammered (retries go
 * through the delay queues with growing TTLs), and a bulkhead per tenant: a tenant's slow endpoints hold at most
 * {@code tenant-concurrency} of the webhook queue's consumers, its further deliveries are retried later, and other
 * tenants' deliveries keep flowing. Failures carry generic texts only (docs/adr/0030).
 */
@Component
class WebhookSender implements ChannelSender, DisposableBean {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	private final WebhookClient client;

	private final CircuitBreakerRegistry breakers;

	private final SecretBox secrets;

	private final Map<TenantId, Semaphore> lanes = new ConcurrentHashMap<>();

	WebhookSender(JdbcClient jdbc, TransactionTemplate transactions, NotificationProperties properties,
			SecretBox secrets) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.secrets = secrets;
		NotificationProperties.Webhook webhook = properties.webhook();
		this.client = new WebhookClient(new UrlPolicy(webhook.allowLoopbackTargets()),
				new WebhookClient.Limits(webhook.connectTimeout(), webhook.readTimeout(), webhook.timeout(),
						webhook.maxResponseBytes(), webhook.maxPerEndpoint()));
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(webhook.breakerFailureRate())
			.slidingWindowSize(webhook.breakerWindow())
			.minimumNumberOfCalls(Math.min(5, webhook.breakerWindow()))
			.waitDurationInOpenState(webhook.breakerOpenFor())
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
	}

	@Override
	public String channel() {
		return "webhook";
	}

	record Endpoint(String url, List<String> secrets, boolean enabled) {
	}

	@Override
	public void send(Outbound delivery) throws Exception {
		UUID endpointId = UUID.fromString(delivery.address());
		Optional<Endpoint> found = transactions.execute(tx -> jdbc.sql("""
				select url, secret, previous_secret, previous_until > now() as overlap, enabled
				from webhook_endpoint where tenant_id = ? and id = ?""")
			.params(delivery.tenant().value(), endpointId)
			.query((rs, n) -> {
				List<String> keys = new ArrayList<>();
				keys.add(secrets.open(rs.getString("secret"), WebhookSecrets.context(delivery.tenant(), endpointId)));
				if (rs.getBoolean("overlap") && rs.getString("previous_secret") != null) {
					keys.add(secrets.open(rs.getString("previous_secret"),
							WebhookSecrets.context(delivery.tenant(), endpointId)));
				}
				return new Endpoint(rs.getString("url"), keys, rs.getBoolean("enabled"));
			})
			.optional());
		Endpoint endpoint = found.orElseThrow(() -> new Failed("the webhook endpoint was removed"));
		String id = "msg_" + delivery.deliveryId();
		long timestamp = System.currentTimeMillis() / 1000;
		String body = JSON.writeValueAsString(cloudEvent(id, delivery));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("webhook-id", id);
		headers.put("webhook-timestamp", Long.toString(timestamp));
		headers.put("webhook-signature", WebhookSigner.sign(endpoint.secrets(), id, timestamp, body));
		Semaphore lane = lanes.computeIfAbsent(delivery.tenant(),
				t -> new Semaphore(properties.webhook().tenantConcurrency()));
		if (!lane.tryAcquire(properties.webhook().laneWait().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			throw new Busy("the tenant's webhook calls are at their limit (" + properties.webhook().tenantConcurrency()
					+ " at once); waiting for a turn");
		}
		try {
			CircuitBreaker breaker = breakers.circuitBreaker(endpointId.toString());
			breaker.executeCallable(() -> {
				WebhookClient.Answer answer = client.send("POST", endpoint.url(), headers,
						body.getBytes(StandardCharsets.UTF_8), "application/cloudevents+json", properties.webhook().timeout());
				if (!answer.successful()) {
					throw new Failed("the endpoint answered HTTP " + answer.status());
				}
				return answer;
			});
		}
		catch (WebhookClient.Failure e) {
			throw new Failed(e.getMessage());
		}
		catch (CallNotPermittedException e) {
			throw new Failed("the endpoint failed repeatedly; calls to it pause for "
					+ properties.webhook().breakerOpenFor().toSeconds() + " s (circuit open)");
		}
		finally {
			lane.release();
		}
	}

	/** The state of an endpoint's circuit: CLOSED, OPEN, HALF_OPEN. */
	String circuit(UUID endpoint) {
		return breakers.circuitBreaker(endpoint.toString()).getState().name();
	}

	@Override
	public void destroy() {
		client.close();
	}

	private static Map<String, Object> cloudEvent(String id, Outbound delivery) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("notificationId", delivery.notification().toString());
		data.put("deliveryId", delivery.deliveryId());
		data.put("title", delivery.title());
		data.put("body", delivery.body());
		data.put("priority", delivery.priority());
		data.put("link", delivery.link());
		data.put("data", delivery.data());
		data.put("audioUrl", delivery.audioUrl());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("specversion", "1.0");
		event.put("id", id);
		event.put("source", "/cirrus/tenants/" + delivery.tenant());
		event.put("type", "io.cirrus.notification.v1");
		event.put("time", delivery.createdAt().toString());
		event.put("datacontenttype", "application/json");
		event.put("data", data);
		return event;
	}
}
