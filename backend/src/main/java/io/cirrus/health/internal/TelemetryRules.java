package io.cirrus.health.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.cirrus.health.AlarmRule;
import io.cirrus.health.AlarmSource;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryRecord;

/**
 * Evaluates the tenants' {@code TELEMETRY} alarm rules on every reading the health consumer sees. Rules are cached
 * per tenant (reloaded after a change made here, and every 30 s for changes made on other instances), indexed by key, so
 * a reading no rule watches costs a map lookup.
 */
@Component
public class TelemetryRules {

	private static final Duration RELOAD = Duration.ofSeconds(30);

	private record Watching(Map<String, List<AlarmRule>> byMetric, Instant loadedAt, long version) {
	}

	private final AlarmRuleStore store;

	private final ConditionTracker conditions;

	private final RuleSelectors selectors;

	private final Clock clock;

	private final Map<TenantId, Watching> byTenant = new ConcurrentHashMap<>();

	/**
	 * How often each tenant's rules changed here. Rules loaded while a change happened carry the count from before
	 * it, so they are loaded again on the next reading instead of being kept until the periodic reload.
	 */
	private final Map<TenantId, Long> versions = new ConcurrentHashMap<>();

	TelemetryRules(AlarmRuleStore store, ConditionTracker conditions, RuleSelectors selectors, Clock clock) {
		this.store = store;
		this.conditions = conditions;
		this.selectors = selectors;
		this.clock = clock;
	}

	public void onReading(TelemetryRecord reading) {
		if (reading.kind() != TelemetryRecord.Kind.TELEMETRY || reading.values().isEmpty()) {
			return;
		}
		Map<String, List<AlarmRule>> watching = watching(reading.tenant());
		if (watching.isEmpty()) {
			return;
		}
		reading.values().forEach((key, raw) -> {
			List<AlarmRule> rules = watching.get(key);
			Double value = numeric(raw);
			if (rules == null || value == null) {
				return;
			}
			for (AlarmRule rule : rules) {
				if (selectors.selects(reading.tenant(), rule.selector(), reading.device())) {
					String entity = reading.device().toString();
					conditions.observe(new ConditionTracker.Key(reading.tenant(), rule.id().toString(), entity),
							rule.operator().holds(value, rule.threshold()), Duration.ofSeconds(rule.durationSeconds()),
							() -> new AlarmStore.Raise(rule.id(), rule.id().toString(), rule.name(), entity,
									selectors.deviceName(reading.tenant(), reading.device()), rule.severity(),
									rule.condition() + " (value " + value + ")", value, Map.of("metric", key)));
				}
			}
		});
	}

	/** Drops the cached rules of a tenant (they changed). */
	public void reload(TenantId tenant) {
		versions.merge(tenant, 1L, Long::sum);
	}

	private Map<String, List<AlarmRule>> watching(TenantId tenant) {
		Watching current = byTenant.get(tenant);
		Instant now = clock.instant();
		long version = versions.getOrDefault(tenant, 0L);
		if (current == null || current.version() != version || now.isAfter(current.loadedAt().plus(RELOAD))) {
			Map<String, List<AlarmRule>> byMetric = new HashMap<>();
			for (AlarmRule rule : TenantContext.callAs(tenant, () -> store.findEnabled(tenant, AlarmSource.TELEMETRY))) {
				byMetric.computeIfAbsent(rule.metric(), k -> new ArrayList<>()).add(rule);
			}
			current = new Watching(Map.copyOf(byMetric), now, version);
			byTenant.put(tenant, current);
		}
		return current.byMetric();
	}

	private static Double numeric(Object raw) {
		if (raw instanceof Number number) {
			return number.doubleValue();
		}
		if (raw instanceof Boolean flag) {
			return flag ? 1.0 : 0.0;
		}
		return null;
	}
}
