package io.cirrus.health.internal;

import java.util.Map;

import io.cirrus.health.HealthMetric;
import io.cirrus.shared.TenantId;

/**
 * A source of tenant gauges sampled into history with the tenant bound (devices per status, notification delivery,
 * ...). One bean per source.
 */
public interface TenantSampleContributor {

	Map<HealthMetric, Double> sample(TenantId tenant);
}
