package io.cirrus.device;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.device.internal.Tokens;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;

/**
 * Authenticates devices by their token, without a tenant: the token decides the tenant. A token is looked up by its
 * SHA-256 in a tenant-free table that maps hashes to (tenant, device), then the device is read with its tenant
 * bound. Answers are cached; revoking, rotating, decommissioning or renaming a device evicts its entry on this
 * instance at once (and again after the transaction commits) and on every other instance when the transaction
 * commits, through a PostgreSQL notification ({@link DeviceChanges}, docs/adr/0006).
 * <p>
 * Failed lookups are cheap to send and cost us a database round trip, so hashes the database did not know are
 * remembered briefly (tokens are random: an unknown hash is not issued later), and at most
 * {@code cirrus.device.max-concurrent-lookups} lookups run at once on this instance; one that finds no free slot
 * soon is answered 503 at once instead of queueing for the connection pool that good devices need (docs/adr/0033).
 */
@Service
@EnableConfigurationProperties(DeviceProperties.class)
public class DeviceCredentials {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeviceCredentials.class);

	private final DeviceStore store;

	private final TransactionTemplate transactions;

	private final Cache<String, AuthenticatedDevice> cache;

	/** Hashes the database did not know: refused without asking again for a short while. */
	private final Cache<String, Boolean> unknown;

	private final Semaphore lookups;

	private final long lookupWaitNanos;

	private volatile BooleanSupplier cacheTrusted = () -> false;

	private final AtomicLong evictions = new AtomicLong();

	DeviceCredentials(DeviceStore store, TransactionTemplate transactions, DeviceProperties properties) {
		this.store = store;
		this.transactions = new TransactionTemplate(transactions.getTransactionManager());
		this.transactions.setReadOnly(true);
		// Its own transactions, bound to the device's tenant, whatever transaction the caller may be in.
		this.transactions.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		Duration ttl = properties.credentialCacheTtl();
		// Entries are evicted when credentials change (DeviceChanges); the TTL only bounds a missed eviction.
		this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(properties.credentialCacheSize()).build();
		this.unknown = Caffeine.newBuilder().expireAfterWrite(properties.unknownTokenCacheTtl())
			.maximumSize(properties.unknownTokenCacheSize()).build();
		this.lookups = new Semaphore(properties.maxConcurrentLookups());
		this.lookupWaitNanos = properties.lookupWait().toNanos();
	}

	/**
	 * The device that owns {@code token}; empty for an unknown, malformed or revoked token or a decommissioned
	 * device. Needs no tenant context; safe to call from any thread.
	 *
	 * @throws CirrusException {@link Problems#UNAVAILABLE} (with {@code retryAfterSeconds}) when too many lookups
	 *                         are running already
	 */
	public Optional<AuthenticatedDevice> authenticate(String token) {
		if (!Tokens.plausibleDeviceToken(token)) {
			return Optional.empty();
		}
		byte[] hash = Tokens.sha256(token);
		String key = HexFormat.of().formatHex(hash);
		boolean trusted = cacheTrusted.getAsBoolean();
		long evictionsBefore = evictions.get();
		AuthenticatedDevice cached = trusted ? cache.getIfPresent(key) : null;
		if (cached != null) {
			return Optional.of(cached);
		}
		if (unknown.getIfPresent(key) != null) {
			return Optional.empty();
		}
		if (!acquireLookup()) {
			throw new CirrusException(Problems.UNAVAILABLE,
					"Too many device tokens are being checked right now. Send the request again in a second.",
					Map.of("retryAfterSeconds", 1L));
		}
		Optional<DeviceStore.TokenOwner> owner;
		Optional<AuthenticatedDevice> device;
		try {
			owner = transactions.execute(tx -> store.tokenOwner(hash));
			device = owner.flatMap(o -> TenantContext.callAs(o.tenant(),
					() -> transactions.execute(tx -> store.authenticated(o.tenant(), o.device(), hash))));
		}
		finally {
			lookups.release();
		}
		if (owner.isEmpty()) {
			unknown.put(key, Boolean.TRUE);
		}
		if (device.isEmpty()) {
			log.debug("Device token refused: {}", owner.isEmpty() ? "unknown hash" : "device revoked or decommissioned");
		}
		// An eviction while the database was read may concern this answer: then it is not cached.
		if (trusted && evictions.get() == evictionsBefore) {
			device.ifPresent(d -> cache.put(key, d));
		}
		return device;
	}

	private boolean acquireLookup() {
		try {
			return lookups.tryAcquire(lookupWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The device that owns {@code token} when this instance has the answer cached (and may trust its cache), without
	 * touching the database: for callers that must not block (event loops). Null means "not known here": call
	 * {@link #authenticate} off the event loop; it is not a refusal.
	 */
	public @Nullable AuthenticatedDevice cached(String token) {
		if (!Tokens.plausibleDeviceToken(token) || !cacheTrusted.getAsBoolean()) {
			return null;
		}
		return cache.getIfPresent(HexFormat.of().formatHex(Tokens.sha256(token)));
	}

	/**
	 * Forgets cached answers for {@code device} now and once more when the current transaction commits, and tells
	 * the other instances (a notification delivered at commit, see {@link DeviceChanges}).
	 */
	void invalidate(DeviceId device) {
		evict(device);
		store.announceCredentialChange(device);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					evict(device);
				}
			});
		}
	}

	void evict(DeviceId device) {
		evictions.incrementAndGet();
		cache.asMap().values().removeIf(d -> d.device().equals(device));
	}

	void evictAll() {
		evictions.incrementAndGet();
		cache.invalidateAll();
		unknown.invalidateAll();
	}

	/** The cache answers only while {@code trusted} says so (while this instance hears about credential changes). */
	void trustCacheWhile(BooleanSupplier trusted) {
		this.cacheTrusted = trusted;
	}
}
