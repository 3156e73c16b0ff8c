package io.cirrus.health.internal;

import java.util.Map;

import io.cirrus.health.HealthMetric;
import io.cirrus.shared.TenantId;

/**
 * Events this instance counted per tenant since the last sample (telemetry consumed, notifications delivered or
 * failed). Every instance drains its own; samples of several instances add up. One bean per source.
 */
public interface ActivitySource {

	Map<TenantId, Map<HealthMetric, Long>> drain();
}
