package io.cirrus.notification.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.shared.net.UrlPolicy;
import io.cirrus.shared.net.WebhookSigner;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks: a CloudEvents 1.0 JSON body, signed per Standard Webhooks ({@code webhook-id} is stable per delivery,
 * so receivers drop a resend), with connect and request timeouts, no redirects, the SSRF policy checked before
 * each call, and a circuit breaker per endpoint so a dead endpoint is not hammered (retries go through the delay
 * queues with growing TTLs).
 */
@Component
class WebhookSender implements ChannelSender {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	private final UrlPolicy policy;

	private final HttpClient http;

	private final CircuitBreakerRegistry breakers;

	WebhookSender(JdbcClient jdbc, TransactionTemplate transactions, NotificationProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.policy = new UrlPolicy(properties.webhook().allowPrivateTargets());
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.webhook().connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.webhook().breakerFailureRate())
			.slidingWindowSize(properties.webhook().breakerWindow())
			.minimumNumberOfCalls(Math.min(5, properties.webhook().breakerWindow()))
			.waitDurationInOpenState(properties.webhook().breakerOpenFor())
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
	}

	@Override
	public String channel() {
		return "webhook";
	}

	record Endpoint(String url, String secret, boolean enabled) {
	}

	@Override
	public void send(Outbound delivery) throws Exception {
		UUID endpointId = UUID.fromString(delivery.address());
		Optional<Endpoint> found = transactions.execute(tx -> jdbc
			.sql("select url, secret, enabled from webhook_endpoint where tenant_id = ? and id = ?")
			.params(delivery.tenant().value(), endpointId)
			.query((rs, n) -> new Endpoint(rs.getString("url"), rs.getString("secret"), rs.getBoolean("enabled")))
			.optional());
		Endpoint endpoint = found.orElseThrow(() -> new IllegalStateException("the webhook endpoint was removed"));
		Optional<String> refusal = policy.refusal(endpoint.url());
		if (refusal.isPresent()) {
			throw new IllegalStateException("the endpoint URL " + refusal.get());
		}
		String id = "msg_" + delivery.deliveryId();
		long timestamp = System.currentTimeMillis() / 1000;
		String body = JSON.writeValueAsString(cloudEvent(id, delivery));
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
			.timeout(properties.webhook().timeout())
			.header("Content-Type", "application/cloudevents+json")
			.header("webhook-id", id)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", WebhookSigner.sign(endpoint.secret(), id, timestamp, body))
			.header("User-Agent", "Cirrus-Webhooks/1")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		CircuitBreaker breaker = breakers.circuitBreaker(endpointId.toString());
		HttpResponse<Void> response = breaker.executeCallable(() -> {
			HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
			if (answer.statusCode() / 100 != 2) {
				throw new IllegalStateException("the endpoint answered " + answer.statusCode());
			}
			return answer;
		});
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException("the endpoint answered " + response.statusCode());
		}
	}

	/** The state of an endpoint's circuit: CLOSED, OPEN, HALF_OPEN. */
	String circuit(UUID endpoint) {
		return breakers.circuitBreaker(endpoint.toString()).getState().name();
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
