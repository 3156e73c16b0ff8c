package io.cirrus.health.internal;

import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cirrus.health.AlarmRule;
import io.cirrus.health.AlarmSource;
import io.cirrus.health.HealthMetric;
import io.cirrus.shared.TenantId;

/** Evaluates a tenant's {@code HEALTH} alarm rules on its freshly sampled metrics (tenant bound by the caller). */
@Component
public class HealthRules {

	static final String ENTITY = "tenant";

	private final AlarmRuleStore rules;

	private final SampleStore samples;

	private final ConditionTracker conditions;

	private final java.time.Clock clock;

	HealthRules(AlarmRuleStore rules, SampleStore samples, ConditionTracker conditions, java.time.Clock clock) {
		this.rules = rules;
		this.samples = samples;
		this.conditions = conditions;
		this.clock = clock;
	}

	public void evaluate(TenantId tenant, Duration window) {
		for (AlarmRule rule : rules.findEnabled(tenant, AlarmSource.HEALTH)) {
			HealthMetric metric = HealthMetric.ofKey(rule.metric()).orElse(null);
			if (metric == null) {
				continue;
			}
			Map<String, Double> current = samples.current(metric, window, clock.instant());
			if (current.isEmpty()) {
				continue;
			}
			double value = current.values().stream().mapToDouble(Double::doubleValue).sum();
			conditions.observe(new ConditionTracker.Key(tenant, rule.id().toString(), ENTITY),
					rule.operator().holds(value, rule.threshold()), Duration.ofSeconds(rule.durationSeconds()),
					() -> new AlarmStore.Raise(rule.id(), rule.id().toString(), rule.name(), ENTITY, metric.label(),
							rule.severity(), rule.condition() + " (value " + value + ")", value, Map.of("metric", rule.metric())));
		}
	}
}
