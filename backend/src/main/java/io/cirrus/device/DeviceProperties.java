package io.cirrus.device;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the device module ({@code cirrus.device.*}).
 *
 * @param credentialCacheTtl     how long a checked token is trusted without asking the database; a change of
 *                               credentials evicts it at once on every instance (a PostgreSQL notification), so
 *                               this only bounds how long a missed notification could matter
 * @param credentialCacheSize    at most this many tokens cached
 * @param sweepInterval          how often online/offline transitions are detected and announced
 * @param defaultReportingInterval expected reporting interval of a tenant's default profile
 * @param defaultInactivityTimeout inactivity timeout of a tenant's default profile
 * @param maxImportRows          most rows a CSV import may have
 * @param unknownTokenCacheTtl   how long a token hash the database did not know is refused without asking again
 *                               (tokens are random: a hash unknown now is not issued later)
 * @param unknownTokenCacheSize  at most this many unknown hashes remembered
 * @param maxConcurrentLookups   token lookups that miss both caches at once on this instance; more wait at most
 *                               {@code lookupWait}, then are answered 503 with Retry-After
 * @param lookupWait             how long a lookup may wait for a free slot
 * @param maxFailuresPerSource   failed token checks or provisioning attempts of one source address within
 *                               {@code failureWindow}; beyond them the address is answered 429 (MQTT: CONNACK
 *                               refused) without a lookup until the window ends (docs/adr/0033)
 * @param failureWindow          the window of {@code maxFailuresPerSource}, counted from the address's first failure
 */
@ConfigurationProperties("cirrus.device")
public record DeviceProperties(@DefaultValue("10m") Duration credentialCacheTtl,
		@DefaultValue("200000") long credentialCacheSize, @DefaultValue("15s") Duration sweepInterval,
		@DefaultValue("60s") Duration defaultReportingInterval,
		@DefaultValue("5m") Duration defaultInactivityTimeout, @DefaultValue("50000") int maxImportRows,
		@DefaultValue("30s") Duration unknownTokenCacheTtl, @DefaultValue("100000") long unknownTokenCacheSize,
		@DefaultValue("8") int maxConcurrentLookups, @DefaultValue("100ms") Duration lookupWait,
		@DefaultValue("100") int maxFailuresPerSource, @DefaultValue("60s") Duration failureWindow) {
}
