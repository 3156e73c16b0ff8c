package io.cirrus.health;

import java.util.Map;

import io.cirrus.shared.TenantId;

/**
 * SPI: events a module counted per tenant on this instance since the last sample (telemetry consumed, notifications
 * delivered or failed), sampled into each tenant's health history as rates. Every instance drains its own counts;
 * the samples of several instances add up. A module offers one as a bean; health drains every bean once per sample
 * interval.
 */
public interface ActivitySource {

	/** The counts per tenant and metric since the previous call, resetting them (tenants with none left out). */
	Map<TenantId, Map<HealthMetric, Long>> drain();
}
