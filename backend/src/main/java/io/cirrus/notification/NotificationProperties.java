package io.cirrus.notification;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the notification module ({@code cirrus.notification.*}).
 *
 * @param channels      delivery channels; each has its own durable priority queues (on-demand and bulk)
 * @param maxPriority   the queues' {@code x-max-priority}; RabbitMQ advises few levels, and Cirrus maps its four
 *                      priorities (low, normal, high, urgent) onto them
 * @param prefetch      unacknowledged messages per consumer; small, so urgent messages overtake a backlog
 * @param consumers     consumers per on-demand queue
 * @param bulkConsumers consumers per bulk (broadcast) queue
 * @param retryDelays   the delay queues' TTLs, growing: attempt n waits {@code retryDelays[n-1]} (the last repeats)
 * @param maxAttempts   attempts of a delivery before it is parked
 * @param retention     how long notifications and their delivery log are kept
 * @param portalUrl     the portal's public address, for links in e-mails and webhooks
 * @param relay         the dispatch outbox relay
 * @param broadcast     broadcast expansion
 * @param webhook       webhook delivery
 * @param sms           the SMS provider
 * @param mail          e-mail sender
 * @param audio         audio clips and their signed links
 * @param maxDeviceStatusNotifications per tenant, direction (offline, online) and status sweep, at most this many
 *                      device status notifications; beyond, subscribers get one summary of the sweep instead, so a
 *                      gateway outage does not send 10,000 notifications
 */
@ConfigurationProperties("cirrus.notification")
public record NotificationProperties(@DefaultValue({ "inbox", "email", "sms", "webhook" }) List<String> channels,
		@DefaultValue("4") int maxPriority, @DefaultValue("10") int prefetch, @DefaultValue("4") int consumers,
		@DefaultValue("2") int bulkConsumers, @DefaultValue({ "1s", "5s", "30s", "2m" }) List<Duration> retryDelays,
		@DefaultValue("5") int maxAttempts, @DefaultValue("30d") Duration retention,
		@DefaultValue("http://localhost:8080") URI portalUrl, @DefaultValue Relay relay,
		@DefaultValue Broadcast broadcast, @DefaultValue Webhook webhook, @DefaultValue Sms sms, @DefaultValue Mail mail,
		@DefaultValue Audio audio, @DefaultValue("20") int maxDeviceStatusNotifications) {

	/**
	 * @param batch        outbox rows published per round (each waits for its publisher confirm)
	 * @param idle         how often the relay looks for due rows when nobody woke it
	 * @param claimTimeout how long a claimed row waits for its confirm before another round publishes it again
	 * @param pack         at most this many outbox rows of one lane and priority share one broker message (their
	 *                     deliveries together at most the broadcast batch size); 1 turns packing off
	 * @param linger       how long the relay, woken by a commit, waits for more before it reads the outbox
	 * @param writers      threads writing on-demand notifications (group commit)
	 * @param writeBatch   at most this many waiting on-demand notifications share one transaction
	 */
	public record Relay(@DefaultValue("500") int batch, @DefaultValue("1s") Duration idle,
			@DefaultValue("30s") Duration claimTimeout, @DefaultValue("100") int pack, @DefaultValue("2ms") Duration linger,
			@DefaultValue("2") int writers,
			@DefaultValue("100") int writeBatch) {
	}

	/**
	 * @param pageSize  recipients expanded per transaction
	 * @param batchSize deliveries per broker message (processed and acknowledged as a unit)
	 * @param maxDirect recipients a direct notification's target may match; more needs a broadcast
	 */
	public record Broadcast(@DefaultValue("25000") int pageSize, @DefaultValue("1000") int batchSize,
			@DefaultValue("1000") int maxDirect) {
	}

	/**
	 * @param allowLoopbackTargets whether endpoints may resolve to loopback addresses (the tests' receivers only;
	 *                            private, link-local and other special-purpose addresses are always refused)
	 * @param connectTimeout      TCP connect timeout
	 * @param readTimeout         longest silence of an endpoint between two reads
	 * @param timeout             deadline of a whole call (connect, request, answer); the connection is closed then
	 * @param maxResponseBytes    answer bytes read at most
	 * @param maxPerEndpoint      calls to one endpoint address at once on an instance
	 * @param tenantConcurrency   webhook calls of one tenant at once on an instance (its bulkhead: fewer than the
	 *                            webhook queue's consumers, so other tenants' deliveries keep flowing); more
	 *                            wait up to {@code laneWait}, then go back to the delay queue (not a failed attempt)
	 * @param laneWait            how long a delivery waits for its tenant's bulkhead before it is deferred
	 * @param prefetch            messages a webhook consumer holds at once (1: none waits behind a slow call)
	 * @param secretOverlap       how long the previous signing secret still signs after a rotation
	 * @param breakerFailureRate  failure percentage that opens an endpoint's circuit
	 * @param breakerWindow       calls the failure rate is measured over
	 * @param breakerOpenFor      how long an open circuit refuses calls before it tries again
	 */
	public record Webhook(@DefaultValue("false") boolean allowLoopbackTargets,
			@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
			@DefaultValue("10s") Duration timeout, @DefaultValue("65536") int maxResponseBytes,
			@DefaultValue("4") int maxPerEndpoint, @DefaultValue("2") int tenantConcurrency,
			@DefaultValue("250ms") Duration laneWait, @DefaultValue("1") int prefetch,
			@DefaultValue("24h") Duration secretOverlap,
			@DefaultValue("50") int breakerFailureRate, @DefaultValue("10") int breakerWindow,
			@DefaultValue("30s") Duration breakerOpenFor) {
	}

	/**
	 * @param url    the provider's endpoint (JSON POST); SMS deliveries fail (and are retried) while unset
	 * @param apiKey sent as {@code X-Api-Key}; never logged
	 * @param sender the sender name or number
	 */
	public record Sms(@Nullable URI url, @Nullable String apiKey, @DefaultValue("Cirrus") String sender) {
	}

	/** @param from the sender address of notification e-mails */
	public record Mail(@DefaultValue("notifications@cirrus.local") String from) {
	}

	/**
	 * @param signingKey HMAC key of audio links (set your own in production)
	 * @param linkTtl    how long a signed link works
	 * @param maxBytes   largest clip accepted
	 */
	public record Audio(@DefaultValue("change-me-cirrus-audio-link-key") String signingKey,
			@DefaultValue("7d") Duration linkTtl, @DefaultValue("1048576") int maxBytes) {
	}
}
