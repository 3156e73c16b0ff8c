package io.cirrus.app;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The apps runtime ({@code cirrus.app.runtime}, docs/adr/0027-apps-runtime.md).
 *
 * @param enabled               whether this instance consumes device traffic for apps
 * @param concurrency           consumers of the runtime's group in this instance
 * @param tenantConcurrency     actions of one tenant running at once on this instance (its bulkhead; virtual threads,
 *                              so a call waiting on its peer costs little)
 * @param tenantQueue           actions of one tenant waiting for their turn; more are refused as failed
 * @param actionTimeout         the longest any action may take (a webhook's own timeout is capped by it)
 * @param errorBudget           failed or refused actions within {@code errorWindow} after which an app is paused
 * @param errorWindow           the window of the error budget
 * @param resumeAfter           the first pause lasts this long, each next one twice as long (at most 1 h)
 * @param tick                  how often the clustered ticker announces time to every partition (absences,
 *                              schedules)
 * @param flushInterval         how often usage counters are added to the database
 * @param allowLoopbackWebhooks whether webhook actions may call loopback addresses (the tests' receivers only;
 *                              private and other special-purpose addresses are always refused)
 * @param maxHops               how many times derived telemetry and invocations may lead to further ones
 * @param checkpointInterval    how often a consumer stores its partitions' changed state with their offsets (0:
 *                              after every batch); also when a partition is revoked
 */
@ConfigurationProperties("cirrus.app.runtime")
public record AppRuntimeProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2") int concurrency,
		@DefaultValue("16") int tenantConcurrency, @DefaultValue("10000") int tenantQueue,
		@DefaultValue("10s") Duration actionTimeout, @DefaultValue("20") int errorBudget,
		@DefaultValue("5m") Duration errorWindow, @DefaultValue("1m") Duration resumeAfter,
		@DefaultValue("5s") Duration tick, @DefaultValue("5s") Duration flushInterval,
		@DefaultValue("false") boolean allowLoopbackWebhooks, @DefaultValue("3") int maxHops,
		@DefaultValue("1s") Duration checkpointInterval) {
}
