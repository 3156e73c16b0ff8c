package io.cirrus.telemetry.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.telemetry.TelemetryRejected;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;

/**
 * A token bucket per tenant (and instance): refilled at the tenant's configured messages per second, up to its
 * burst. Buckets are keyed by {@link TenantId}; a tenant's limit is looked up by its alias once. With several
 * instances behind a load balancer each enforces the limit on its own share (see ADR 0007).
 */
@Component
public class IngestRateLimiter {

	private final TelemetryProperties.RateLimits limits;

	private final TenantDirectory tenants;

	private final Map<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

	IngestRateLimiter(TelemetryProperties properties, TenantDirectory tenants) {
		this.limits = properties.ingest().rateLimit();
		this.tenants = tenants;
	}

	/** Takes {@code messages} from the tenant's bucket, or throws a 429 rejection saying when to retry. */
	public void acquire(TenantId tenant, int messages) {
		Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(limitOf(t)));
		long waitNanos = bucket.take(messages, System.nanoTime());
		if (waitNanos > 0) {
			long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
			throw TelemetryRejected.rateLimited(bucket.limit.name(), bucket.limit.messagesPerSecond(), seconds);
		}
	}

	private TelemetryProperties.Limit limitOf(TenantId tenant) {
		if (limits.tenants().isEmpty()) {
			return limits.defaults();
		}
		String alias = tenants.allForPlatformTasks()
			.stream()
			.filter(t -> t.id().equals(tenant))
			.map(Tenant::alias)
			.findFirst()
			.orElse("");
		return limits.forAlias(alias);
	}

	static final class Bucket {

		final TelemetryProperties.Limit limit;

		private double tokens;

		private long refilledAt;

		Bucket(TelemetryProperties.Limit limit) {
			this.limit = limit;
			this.tokens = limit.burst();
			this.refilledAt = System.nanoTime();
		}

		/** Takes the tokens and answers 0, or takes nothing and answers how long until there would be enough. */
		synchronized long take(int count, long now) {
			tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / 1e9 * limit.messagesPerSecond());
			refilledAt = now;
			if (tokens >= count) {
				tokens -= count;
				return 0;
			}
			double missing = Math.min(count, limit.burst()) - tokens;
			return (long) Math.ceil(Math.max(missing, 1) / limit.messagesPerSecond() * 1e9);
		}
	}
}
