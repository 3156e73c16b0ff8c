package io.cirrus.health.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

import io.cirrus.health.ActivitySource;
import io.cirrus.health.HealthMetric;
import io.cirrus.shared.TenantId;

/** Telemetry messages this instance consumed per tenant since the last sample. */
@Component
public class TelemetryActivity implements ActivitySource {

	private final Map<TenantId, LongAdder> counts = new ConcurrentHashMap<>();

	public void count(TenantId tenant) {
		counts.computeIfAbsent(tenant, t -> new LongAdder()).increment();
	}

	/** The counts since the last call, resetting them. */
	@Override
	public Map<TenantId, Map<HealthMetric, Long>> drain() {
		Map<TenantId, Map<HealthMetric, Long>> drained = new HashMap<>();
		counts.forEach((tenant, adder) -> {
			long value = adder.sumThenReset();
			if (value > 0) {
				drained.put(tenant, Map.of(HealthMetric.TELEMETRY_RATE, value));
			}
		});
		return drained;
	}
}
