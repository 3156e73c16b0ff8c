package io.cirrus.health.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.cirrus.health.Alarm;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.HealthProperties;
import io.cirrus.health.Recommendation;
import io.cirrus.health.RecommendationSource;
import io.cirrus.health.Severity;
import io.cirrus.shared.TenantId;

/**
 * Tenant symptoms the health module sees itself: serious alarms nobody acknowledged, parked notifications.
 */
@Component
class TenantAdvice implements RecommendationSource {

	private static final Duration UNACKNOWLEDGED = Duration.ofMinutes(15);

	private final AlarmStore alarms;

	private final SampleStore samples;

	private final HealthProperties properties;

	private final Clock clock;

	TenantAdvice(AlarmStore alarms, SampleStore samples, HealthProperties properties, Clock clock) {
		this.alarms = alarms;
		this.samples = samples;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public List<Recommendation> forTenant(TenantId tenant) {
		Instant now = clock.instant();
		List<Recommendation> advice = new ArrayList<>();
		for (Alarm alarm : alarms.list(true, 100)) {
			if (!alarm.acknowledged() && (alarm.severity() == Severity.CRITICAL || alarm.severity() == Severity.MAJOR)
					&& alarm.raisedAt().isBefore(now.minus(UNACKNOWLEDGED))) {
				advice.add(new Recommendation(alarm.severity(),
						alarm.severity() + " alarm '" + alarm.ruleName() + "' on " + alarm.entityName() + " is active since "
								+ alarm.raisedAt() + " and nobody acknowledged it.",
						"Acknowledge it so your team knows someone is on it, then check " + alarm.entityName() + ".",
						"/alarms/" + alarm.id(), alarm.raisedAt()));
			}
		}
		double parked = samples.current(HealthMetric.NOTIFICATIONS_PARKED, properties.sampleInterval().multipliedBy(3), now)
			.values()
			.stream()
			.mapToDouble(Double::doubleValue)
			.sum();
		if (parked > 0) {
			advice.add(new Recommendation(Severity.MAJOR, (long) parked + " notifications are parked after their last attempt.",
					"Open the parked notifications to see why they failed (bad address, endpoint down), fix it and retry them.",
					"/notifications/parked"));
		}
		return advice;
	}
}
