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
 */
@ConfigurationProperties("cirrus.device")
public record DeviceProperties(@DefaultValue("10m") Duration credentialCacheTtl,
		@DefaultValue("200000") long credentialCacheSize, @DefaultValue("15s") Duration sweepInterval,
		@DefaultValue("60s") Duration defaultReportingInterval,
		@DefaultValue("5m") Duration defaultInactivityTimeout, @DefaultValue("50000") int maxImportRows) {
}
