package io.cirrus.telemetry;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the telemetry module ({@code cirrus.telemetry.*}).
 *
 * @param topics  the Kafka topics of device traffic
 * @param ingest  limits of what a device may send
 * @param storage the storage consumer and the readings table
 */
@ConfigurationProperties("cirrus.telemetry")
public record TelemetryProperties(@DefaultValue Topics topics, @DefaultValue Ingest ingest, @DefaultValue Storage storage) {

	/**
	 * Kafka topics for device traffic, created at start when missing.
	 *
	 * @param prefix      first part of every topic and consumer group name, so that several installations (or a
	 *                    test run beside a running portal) can share one Kafka cluster
	 * @param partitions  partitions per topic: the upper bound of parallel consumers per group
	 * @param replication replication factor (1 on a single broker)
	 */
	public record Topics(@DefaultValue("cirrus") String prefix, @DefaultValue("6") int partitions,
			@DefaultValue("1") short replication) {

		/** Readings and heartbeats. */
		public String telemetry() {
			return prefix + ".device.telemetry";
		}

		/** Device events (status changes, command results). */
		public String events() {
			return prefix + ".device.events";
		}

		/** The consumer group of a role, e.g. {@code storage}. */
		public String group(String role) {
			return prefix + "." + role;
		}
	}

	/**
	 * What ingest accepts (HTTP and MQTT alike).
	 *
	 * @param maxMessageBytes  largest message body
	 * @param maxKeys          most keys in one reading
	 * @param maxStringLength  longest string value
	 * @param maxAge           oldest reading timestamp accepted, back from now
	 * @param maxAhead         how far a reading timestamp may be in the future (device clocks drift)
	 * @param ackTimeout       how long Kafka may take to acknowledge before the device gets 503: the producer's
	 *                         delivery timeout (at least 2 s), within which it reports every send
	 * @param lingerMs         producer linger: more waiting, bigger batches, fewer requests
	 * @param batchBytes       producer batch size per partition
	 * @param rateLimit        messages per second per tenant
	 */
	public record Ingest(@DefaultValue("65536") int maxMessageBytes, @DefaultValue("256") int maxKeys,
			@DefaultValue("4096") int maxStringLength, @DefaultValue("7d") Duration maxAge,
			@DefaultValue("5m") Duration maxAhead, @DefaultValue("10s") Duration ackTimeout,
			@DefaultValue("5") int lingerMs, @DefaultValue("262144") int batchBytes,
			@DefaultValue RateLimits rateLimit) {
	}

	/**
	 * Per-tenant rate limits: a token bucket per tenant and instance, refilled at {@code messagesPerSecond} up to
	 * {@code burst}. A reading is one message (a batch of 50 readings costs 50), a heartbeat is one.
	 *
	 * @param defaults the limit of every tenant without its own entry
	 * @param tenants  limits by tenant alias (the Keycloak organization alias)
	 */
	public record RateLimits(@DefaultValue Limit defaults, Map<String, Limit> tenants) {

		public RateLimits {
			tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
		}

		/** The limit of the tenant with this alias. */
		public Limit forAlias(String alias) {
			return tenants.getOrDefault(alias, defaults);
		}
	}

	/**
	 * One rate limit.
	 *
	 * @param name              what the 429 answer calls it
	 * @param messagesPerSecond sustained rate
	 * @param burst             bucket size: how many messages may arrive at once after a quiet time
	 */
	public record Limit(@DefaultValue("telemetry-messages-per-second") String name,
			@DefaultValue("20000") double messagesPerSecond, @DefaultValue("40000") double burst) {
	}

	/**
	 * The storage consumer and the readings table.
	 *
	 * @param concurrency     consumers in this instance (at most the topic's partitions)
	 * @param maxPollRecords  largest batch one transaction stores
	 * @param daysAhead       day partitions created ahead
	 * @param retention       how long readings are kept (whole days; partitions older are dropped)
	 * @param sightingInterval a device's last-seen time is moved at most this often (every reading would be an
	 *                        update of the device row: at 15,000 messages/s that is the most expensive part)
	 */
	public record Storage(@DefaultValue("2") int concurrency, @DefaultValue("5000") int maxPollRecords,
			@DefaultValue("3") int daysAhead, @DefaultValue("30d") Duration retention,
			@DefaultValue("5s") Duration sightingInterval) {
	}
}
