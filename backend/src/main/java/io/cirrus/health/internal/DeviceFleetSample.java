package io.cirrus.health.internal;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.cirrus.device.DeviceFleet;
import io.cirrus.device.FleetCounts;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.TenantSampleContributor;
import io.cirrus.shared.TenantId;

/** Devices online, offline and late per tenant, from the device module's fleet counts (one aggregate query). */
@Component
class DeviceFleetSample implements TenantSampleContributor {

	private final DeviceFleet fleet;

	DeviceFleetSample(DeviceFleet fleet) {
		this.fleet = fleet;
	}

	@Override
	public Map<HealthMetric, Double> sample(TenantId tenant) {
		FleetCounts counts = fleet.counts(tenant);
		return Map.of(HealthMetric.DEVICES_ONLINE, (double) counts.online(), HealthMetric.DEVICES_OFFLINE,
				(double) counts.offline(), HealthMetric.DEVICES_STALE, (double) counts.late());
	}
}
