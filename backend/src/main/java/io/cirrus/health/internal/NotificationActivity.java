package io.cirrus.health.internal;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cirrus.health.HealthMetric;
import io.cirrus.notification.DeliveryActivity;
import io.cirrus.shared.TenantId;

/** Notification deliveries and parked messages per tenant, from the notification module. */
@Component
class NotificationActivity implements ActivitySource, TenantSampleContributor {

	private final DeliveryActivity deliveries;

	NotificationActivity(DeliveryActivity deliveries) {
		this.deliveries = deliveries;
	}

	@Override
	public Map<TenantId, Map<HealthMetric, Long>> drain() {
		Map<TenantId, Map<HealthMetric, Long>> counts = new HashMap<>();
		deliveries.drain()
			.forEach((tenant, c) -> counts.put(tenant, Map.of(HealthMetric.NOTIFICATIONS_DELIVERED, c.delivered(),
					HealthMetric.NOTIFICATIONS_FAILED, c.failed())));
		return counts;
	}

	@Override
	public Map<HealthMetric, Double> sample(TenantId tenant) {
		return Map.of(HealthMetric.NOTIFICATIONS_PARKED, (double) deliveries.parked(tenant));
	}
}
