package io.cirrus.health.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cirrus.health.HealthMetric;
import io.cirrus.health.HealthProperties;
import io.cirrus.health.Recommendation;
import io.cirrus.health.RecommendationSource;
import io.cirrus.health.Severity;
import io.cirrus.telemetry.ParkedRecords;

/**
 * Platform symptoms: a component down (what to check), a consumer group whose lag keeps rising (run another
 * instance with that role), telemetry records storage had to park (where to read why).
 */
@Component
class PlatformAdvice implements RecommendationSource {

	private static final Duration TREND = Duration.ofMinutes(5);

	private static final Duration PARKED_WINDOW = Duration.ofHours(24);

	private final SampleStore samples;

	private final RecoveryAttempts attempts;

	private final HealthProperties properties;

	private final ParkedRecords parked;

	private final Clock clock;

	PlatformAdvice(SampleStore samples, RecoveryAttempts attempts, HealthProperties properties, ParkedRecords parked,
			Clock clock) {
		this.samples = samples;
		this.parked = parked;
		this.attempts = attempts;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public List<Recommendation> forPlatform() {
		Instant now = clock.instant();
		List<Recommendation> advice = new ArrayList<>();
		Duration window = properties.sampleInterval().multipliedBy(3);
		samples.current(HealthMetric.COMPONENT_UP, window, now).forEach((component, up) -> {
			if (up < 1) {
				advice.add(new Recommendation(Severity.CRITICAL, component + " is down (recovery attempts: "
						+ attempts.count(component) + ").", componentAdvice(component), "/platform"));
			}
		});
		Map<String, Double> lagNow = samples.current(HealthMetric.CONSUMER_LAG, window, now);
		Map<String, Double> lagBefore = samples.current(HealthMetric.CONSUMER_LAG, window, now.minus(TREND));
		lagNow.forEach((group, lag) -> {
			Double before = lagBefore.get(group);
			if (before != null && lag > before && lag > 1000) {
				String role = group.substring(group.lastIndexOf('.') + 1);
				advice.add(new Recommendation(Severity.MAJOR,
						"Consumer group " + group + " is " + lag.longValue() + " records behind and rising (was "
								+ before.longValue() + " five minutes ago).",
						"Run another Cirrus instance with the '" + role
								+ "' role (up to the topic's partition count), or find what slows it in the instance's log.",
						"/platform"));
			}
		});
		long parkedToday = parked.countSince(now.minus(PARKED_WINDOW));
		if (parkedToday > 0) {
			advice.add(new Recommendation(Severity.MAJOR,
					parkedToday + " telemetry record(s) could not be stored in the last 24 hours and were parked.",
					"Read why in the reason column of the telemetry_parked table (PostgreSQL); fix the cause and put "
							+ "the payloads back on the telemetry topic with their keys. Storage went on with the other records.",
					"/platform"));
		}
		return advice;
	}

	private static String componentAdvice(String component) {
		return switch (component) {
			case "PostgreSQL" -> "Check that PostgreSQL runs and accepts connections (pg_isready), and its disk space.";
			case "RabbitMQ" -> "Check that RabbitMQ runs (rabbitmq-diagnostics ping) and its memory and disk alarms; notifications wait in the outbox meanwhile.";
			case "Kafka" -> "Check that the Kafka broker runs and its log directory has space; ingest answers 503 until it is back.";
			case "Keycloak" -> "Check that Keycloak runs; nobody can sign in meanwhile, but tokens already issued keep working until they expire.";
			default -> "Check the component's process and its log.";
		};
	}
}
