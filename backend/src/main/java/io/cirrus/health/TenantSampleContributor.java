package io.cirrus.health;

import java.util.Map;

import io.cirrus.shared.TenantId;

/**
 * SPI: gauges of a tenant a module knows (devices per status, parked notifications), sampled into the tenant's
 * health history once per sample interval, by one instance of the cluster, with the tenant bound
 * ({@code TenantContext}). A module offers one as a bean.
 */
public interface TenantSampleContributor {

	/** The tenant's current values of the metrics this contributor knows. */
	Map<HealthMetric, Double> sample(TenantId tenant);
}
