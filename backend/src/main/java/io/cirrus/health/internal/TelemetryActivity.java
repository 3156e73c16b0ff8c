package io.cirrus.health.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantId;

/** Telemetry messages this instance consumed per tenant since the last sample. */
@Component
public class TelemetryActivity {

	private final Map<TenantId, LongAdder> counts = new ConcurrentHashMap<>();

	public void count(TenantId tenant) {
		counts.computeIfAbsent(tenant, t -> new LongAdder()).increment();
	}

	/** The counts since the last call, resetting them. */
	public Map<TenantId, Long> drain() {
		Map<TenantId, Long> drained = new HashMap<>();
		counts.forEach((tenant, adder) -> {
			long value = adder.sumThenReset();
			if (value > 0) {
				drained.put(tenant, value);
			}
		});
		return drained;
	}
}
