package io.cirrus.health.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryRecord;

/**
 * The telemetry keys each tenant's devices have reported, as the health consumer sees them, so a rule on a key
 * nobody reports is refused as a likely typo.
 */
@Component
public class TelemetryKeys {

	private static final int MAX_KEYS_PER_TENANT = 10_000;

	private final Map<TenantId, Set<String>> keys = new ConcurrentHashMap<>();

	public void observe(TelemetryRecord reading) {
		if (reading.values().isEmpty()) {
			return;
		}
		Set<String> tenantKeys = keys.computeIfAbsent(reading.tenant(), t -> ConcurrentHashMap.newKeySet());
		if (tenantKeys.size() < MAX_KEYS_PER_TENANT) {
			tenantKeys.addAll(reading.values().keySet());
		}
	}

	public boolean known(TenantId tenant, String key) {
		return keys.getOrDefault(tenant, Set.of()).contains(key);
	}
}
