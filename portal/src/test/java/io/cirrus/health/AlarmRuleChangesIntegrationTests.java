package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.health.internal.ConditionTracker;
import io.cirrus.health.internal.TelemetryKeys;
import io.cirrus.health.internal.TelemetryRules;
import io.cirrus.shared.DeviceId;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.TestTenant;

/**
 * A rule change reaches the evaluator of telemetry rules however readings and the change interleave: a reading
 * evaluated on the health consumer's thread while the change is not yet committed must not leave the evaluator with
 * the rules from before it.
 */
@CirrusIntegrationTest
class AlarmRuleChangesIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	AlarmRules alarmRules;

	@Autowired
	TelemetryRules telemetryRules;

	@Autowired
	TelemetryKeys keys;

	@Autowired
	ConditionTracker conditions;

	ExecutorService consumerThread = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopThread() {
		consumerThread.shutdownNow();
	}

	@Test
	void aRuleIsWatchedAsSoonAsItIsCommittedEvenIfAReadingWasEvaluatedBeforeTheCommit() {
		TestTenant tenant = TestTenant.create(jdbc);
		DeviceId device = DeviceId.random();
		TelemetryRecord cold = new TelemetryRecord(tenant.id(), device, TelemetryRecord.Kind.TELEMETRY, Instant.now(),
				Instant.now(), Map.of("temperature", -5.0));
		keys.observe(cold);
		telemetryRules.onReading(cold);

		AlarmRule rule = tenant.asDeveloper(() -> transactions.execute(tx -> {
			AlarmRule created = alarmRules.create(new AlarmRuleDefinition("Cold", AlarmSource.TELEMETRY, "temperature",
					"device:" + device, "<", 0.0, 3600, Severity.MAJOR, true));
			// The health consumer evaluates a reading now: its connection does not see the rule yet.
			evaluatedOnAnotherThread(cold);
			assertThat(pending(tenant, created, device)).as("not committed, not watched").isEmpty();
			return created;
		}));

		evaluatedOnAnotherThread(cold);
		assertThat(pending(tenant, rule, device)).as("the committed rule watches the next reading").isPresent();
	}

	private Optional<Duration> pending(TestTenant tenant, AlarmRule rule, DeviceId device) {
		return conditions.pendingFor(new ConditionTracker.Key(tenant.id(), rule.id().toString(), device.toString()));
	}

	private void evaluatedOnAnotherThread(TelemetryRecord reading) {
		try {
			consumerThread.submit(() -> telemetryRules.onReading(reading)).get(10, TimeUnit.SECONDS);
		}
		catch (Exception e) {
			throw new IllegalStateException("the reading was not evaluated", e);
		}
	}
}
