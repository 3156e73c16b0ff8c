package io.cirrus.device;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;

/**
 * Counts failed device authentications (unknown or revoked tokens, wrong provisioning key or secret) per source
 * address, on every device entrance: the API port, the device endpoint, MQTT. An address with more than
 * {@code cirrus.device.max-failures-per-source} failures within {@code failure-window} (counted from its first
 * failure) is refused without a lookup until the window ends. A token this instance has cached as valid still
 * passes, so that devices behind the same NAT as a flooder keep working. Per instance, in memory and bounded: a
 * protective limit, not a quota (docs/adr/0033).
 */
@Service
@EnableConfigurationProperties(DeviceProperties.class)
public class SourceLimits {

	private static final int MAX_SOURCES = 100_000;

	private final int maxFailures;

	private final Duration window;

	/** Failures per address; an entry lives one window from its first failure. */
	private final Cache<InetAddress, AtomicInteger> failures;

	SourceLimits(DeviceProperties properties) {
		this.maxFailures = properties.maxFailuresPerSource();
		this.window = properties.failureWindow();
		this.failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(MAX_SOURCES).build();
	}

	/** Seconds until {@code source} may try again; 0 when it may now. */
	public long retryAfterSeconds(InetAddress source) {
		AtomicInteger counted = failures.getIfPresent(source);
		if (counted == null || counted.get() < maxFailures) {
			return 0;
		}
		Duration age = failures.policy().expireAfterWrite().flatMap(p -> p.ageOf(source)).orElse(Duration.ZERO);
		return Math.max(1, window.minus(age).toSeconds() + 1);
	}

	/** Counts a failed authentication of {@code source}. */
	public void failed(InetAddress source) {
		failures.get(source, a -> new AtomicInteger()).incrementAndGet();
	}

	/** The 429 for a refused address, with {@code retryAfterSeconds} for the Retry-After header. */
	public static CirrusException tooManyFailures(long retryAfterSeconds) {
		return new CirrusException(Problems.RATE_LIMITED, "Too many failed device authentications from this address. "
				+ "Try again in " + retryAfterSeconds + " seconds with a valid token.",
				Map.of("retryAfterSeconds", retryAfterSeconds));
	}
}
