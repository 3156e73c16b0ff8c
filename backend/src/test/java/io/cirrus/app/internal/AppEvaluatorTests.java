package io.cirrus.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cirrus.app.AppFormat;
import io.cirrus.app.EventTrace;
import io.cirrus.app.EventTrace.PlannedAction;
import io.cirrus.app.EventTrace.RuleOutcome;

/** The evaluator the dry-run and the runtime share: triggers, blocks, conditions and rendered actions. */
class AppEvaluatorTests {

	static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

	static final DeviceContext FREEZER = new DeviceContext("6f1c0d7e-0000-4000-8000-000000000001", "Freezer 1",
			List.of("freezer", "kitchen"), "p1", "Freezers", Map.of("site", "Berlin", "floor", 3));

	static final DeviceContext FRIDGE = new DeviceContext("6f1c0d7e-0000-4000-8000-000000000002", "Fridge",
			List.of("fridge"), "p2", "Fridges", Map.of());

	static final AppEvaluator.Identity APP = new AppEvaluator.Identity("a1", "Freezer watch");

	final AppState state = new AppState();

	int index;

	static CompiledApp compile(String yaml) {
		AppValidator.Checked checked = AppValidator.check(yaml, AppFormat.YAML, d -> List.of());
		assertThat(checked.validation().problems()).isEmpty();
		return checked.compiled();
	}

	EventTrace reading(CompiledApp app, DeviceContext device, int minute, Map<String, Object> values) {
		return AppEvaluator.evaluate(app, APP, new AppEvent("telemetry", null, device, T0.plusSeconds(60L * minute), values),
				state, index++);
	}

	@Test
	void forTwoReadingsInARowFiresOnTheSecondWithTheRenderedNotification() {
		CompiledApp app = compile(AppValidationTests.FREEZER);
		EventTrace first = reading(app, FREEZER, 0, Map.of("temperature", 31.5));
		assertThat(first.triggers()).containsExactly("readings");
		assertThat(first.blocks().getFirst().value()).isEqualTo(false);
		assertThat(first.rules().getFirst().condition()).isEqualTo(false);
		assertThat(first.fired()).isFalse();

		EventTrace second = reading(app, FREEZER, 1, Map.of("temperature", 32));
		assertThat(second.event().previous()).containsEntry("temperature", 31.5);
		assertThat(second.blocks().getFirst().value()).isEqualTo(true);
		assertThat(second.blocks().getFirst().state()).contains("2 events");
		RuleOutcome rule = second.rules().getFirst();
		assertThat(rule.fired()).isTrue();
		PlannedAction notify = rule.actions().getFirst();
		assertThat(notify.kind()).isEqualTo("notify");
		assertThat(notify.payload()).containsEntry("title", "Freezer 1 is at 32 °C")
			.containsEntry("priority", "high")
			.containsEntry("recipients", List.of("user:acme-admin"))
			.containsEntry("channels", List.of("inbox"));
		assertThat(notify.errors()).isEmpty();

		EventTrace cold = reading(app, FREEZER, 2, Map.of("temperature", 20));
		assertThat(cold.blocks().getFirst().value()).isEqualTo(false);
		assertThat(cold.fired()).isFalse();
	}

	@Test
	void aReadingWithoutTheKeyLeavesTheBlockAsItWasAndTheTriggerSkipsIt() {
		CompiledApp app = compile(AppValidationTests.FREEZER);
		reading(app, FREEZER, 0, Map.of("temperature", 31));
		EventTrace humidity = reading(app, FREEZER, 1, Map.of("humidity", 40));
		assertThat(humidity.skipped()).isEqualTo("no trigger of the app selects this event");
		assertThat(reading(app, FREEZER, 2, Map.of("temperature", 31)).fired()).isTrue();
	}

	@Test
	void devicesOutsideThePermissionsAreNotSeen() {
		CompiledApp app = compile(AppValidationTests.FREEZER);
		EventTrace trace = reading(app, FRIDGE, 0, Map.of("temperature", 40));
		assertThat(trace.skipped()).contains("not among the devices the app's permissions grant");
		assertThat(trace.rules()).isEmpty();
	}

	static final String WINDOWED = """
			name: Average
			permissions:
			  devices: {}
			  actions: [notify, emit, command, webhook]
			  webhookHosts: [hooks.example.com]
			triggers:
			  - {id: t, kind: telemetry, keys: [temperature]}
			blocks:
			  - {id: avg10, kind: window, key: temperature, function: avg, window: 10m}
			  - {id: max10, kind: window, key: temperature, function: max, window: 10m}
			  - {id: quiet, kind: cooldown, period: 15m}
			rules:
			  - id: warm-on-average
			    condition: blocks.avg10 > 25.0
			    cooldown: quiet
			    actions:
			      - kind: notify
			        recipients: [user:acme-admin]
			        title: "Average {{ blocks.avg10 }} (max {{ blocks.max10 }}) on {{ device.metadata.site }} floor {{ device.metadata.floor }}"
			      - kind: emit
			        key: temperature_f
			        value: event.values.temperature * 9.0 / 5.0 + 32.0
			      - kind: command
			        name: defrost
			        params: {minutes: "{{ 10 }}", reason: "avg {{ blocks.avg10 }}"}
			      - kind: webhook
			        url: https://hooks.example.com/cirrus
			        headers: {X-Device: "{{ device.id }}"}
			        body: '{"device": "{{ device.name }}", "avg": {{ blocks.avg10 }}}'
			""";

	@Test
	void aWindowAggregatesPerDeviceOverItsPeriodAndACooldownKeepsTheRuleQuiet() {
		CompiledApp app = compile(WINDOWED);
		assertThat(reading(app, FREEZER, 0, Map.of("temperature", 20)).fired()).isFalse();
		EventTrace second = reading(app, FREEZER, 5, Map.of("temperature", 32));
		assertThat(second.blocks().getFirst().value()).isEqualTo(26.0);
		assertThat(second.blocks().getFirst().state()).isEqualTo("2 readings of temperature in the last 10m, avg 26");
		RuleOutcome fired = second.rules().getFirst();
		assertThat(fired.fired()).isTrue();
		assertThat(fired.actions()).extracting(PlannedAction::kind).containsExactly("notify", "emit", "command", "webhook");
		assertThat(fired.actions().get(0).payload()).containsEntry("title", "Average 26 (max 32) on Berlin floor 3");
		assertThat(fired.actions().get(1).payload()).containsEntry("key", "temperature_f")
			.containsEntry("value", 89.6)
			.containsEntry("device", FREEZER.id());
		assertThat(fired.actions().get(2).payload().get("params")).isEqualTo(Map.of("minutes", 10L, "reason", "avg 26"));
		assertThat(fired.actions().get(3).payload()).containsEntry("body", "{\"device\": \"Freezer 1\", \"avg\": 26}")
			.containsEntry("headers", Map.of("X-Device", FREEZER.id()))
			.containsEntry("method", "POST");
		assertThat(second.blocks().get(2).value()).isEqualTo(true);

		RuleOutcome cooling = reading(app, FREEZER, 6, Map.of("temperature", 33)).rules().getFirst();
		assertThat(cooling.condition()).isEqualTo(true);
		assertThat(cooling.cooling()).isTrue();
		assertThat(cooling.fired()).isFalse();

		// 11 minutes after the first reading it has left the window; 21 minutes after the firing the cooldown is over.
		EventTrace later = reading(app, FREEZER, 21, Map.of("temperature", 30));
		assertThat(later.blocks().getFirst().value()).isEqualTo(30.0);
		assertThat(later.rules().getFirst().fired()).isTrue();

		// Another device has a window of its own.
		EventTrace other = reading(app, FRIDGE, 21, Map.of("temperature", 4));
		assertThat(other.blocks().getFirst().value()).isEqualTo(4.0);
		assertThat(other.fired()).isFalse();
	}

	@Test
	void aDenseWindowKeepsItsReadingsInBucketsAndStillAggregatesThemAll() {
		CompiledApp app = compile(WINDOWED);
		// A reading every second for 9 minutes: 541 readings, all inside the 10-minute window.
		EventTrace last = null;
		for (int second = 0; second <= 540; second++) {
			last = AppEvaluator.evaluate(app, APP, new AppEvent("telemetry", null, FREEZER, T0.plusSeconds(second),
					Map.of("temperature", second % 2 == 0 ? 20.0 : 22.0)), state, index++);
		}
		assertThat(last.blocks().getFirst().state()).isEqualTo("541 readings of temperature in the last 10m, avg 20.99815157");
		assertThat(last.blocks().get(1).value()).isEqualTo(22.0);
		assertThat(state.device(FREEZER.id()).windows.get("avg10")).hasSizeLessThanOrEqualTo(AppState.WINDOW_BUCKETS + 1);

		// At 11 minutes the readings of the first minute have left the window, bucket by bucket (10 s each).
		EventTrace later = AppEvaluator.evaluate(app, APP, new AppEvent("telemetry", null, FREEZER, T0.plusSeconds(660),
				Map.of("temperature", 20.0)), state, index++);
		assertThat(later.blocks().getFirst().state()).startsWith("482 readings of temperature in the last 10m");
	}

	@Test
	void forADurationHoldsOnlyAfterThePeriodAndAnAbsenceIsRaisedWhenTheKeyStopsComing() {
		CompiledApp app = compile("""
				name: Door
				permissions: {devices: {}, actions: [notify]}
				triggers:
				  - {id: door, kind: telemetry, keys: [door]}
				blocks:
				  - {id: open2m, kind: for-duration, condition: 'event.values.door == "open"', for: 2m}
				  - {id: silent, kind: absence, key: door, after: 10m}
				rules:
				  - id: left-open
				    triggers: [door]
				    condition: blocks.open2m
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: "{{ device.name }} open"}]
				  - id: gone-quiet
				    triggers: [silent]
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: "No door reading since {{ event.values.lastSeen }}"}]
				""");
		assertThat(reading(app, FREEZER, 0, Map.of("door", "open")).fired()).isFalse();
		assertThat(reading(app, FREEZER, 1, Map.of("door", "open")).fired()).isFalse();
		EventTrace twoMinutes = reading(app, FREEZER, 2, Map.of("door", "open"));
		assertThat(twoMinutes.rules().getFirst().fired()).isTrue();
		assertThat(twoMinutes.rules().get(1).answered()).isFalse();

		assertThat(AppEvaluator.dueAbsences(app, state, T0.plusSeconds(60 * 11))).isEmpty();
		List<AppEvent> due = AppEvaluator.dueAbsences(app, state, T0.plusSeconds(60 * 13));
		assertThat(due).hasSize(1);
		assertThat(due.getFirst().time()).isEqualTo(T0.plusSeconds(60 * 12));
		EventTrace absence = AppEvaluator.evaluate(app, APP, due.getFirst(), state, index++);
		assertThat(absence.event().kind()).isEqualTo("absence");
		assertThat(absence.rules().get(0).answered()).isFalse();
		assertThat(absence.rules().get(1).fired()).isTrue();
		assertThat(absence.rules().get(1).actions().getFirst().payload())
			.containsEntry("title", "No door reading since 2026-12-07T10:02:00Z");
		assertThat(absence.blocks().get(1).value()).isEqualTo(true);
		// Announced once per absence.
		assertThat(AppEvaluator.dueAbsences(app, state, T0.plusSeconds(60 * 30))).isEmpty();
	}

	@Test
	void aConditionThatFailsOrRunsAwayIsReportedNotThrown() {
		CompiledApp app = compile("""
				name: Costly
				permissions: {devices: {}, actions: [notify]}
				triggers: [{id: t, kind: telemetry}]
				rules:
				  - id: missing
				    condition: event.values.pressure > 2.0
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: x}]
				  - id: runaway
				    condition: >-
				      [1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b,
				      [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a + b + c + d > 0))))
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: x}]
				""");
		EventTrace trace = reading(app, FREEZER, 0, Map.of("temperature", 1));
		RuleOutcome missing = trace.rules().get(0);
		assertThat(missing.condition()).isNull();
		assertThat(missing.error()).contains("pressure");
		assertThat(missing.fired()).isFalse();
		RuleOutcome runaway = trace.rules().get(1);
		assertThat(runaway.fired()).isFalse();
		assertThat(runaway.error()).startsWith("stopped: the expression exceeded the cost limit");
	}

	@Test
	void statusAlarmAndScheduleEventsReachTheTriggersThatSelectThem() {
		CompiledApp app = compile("""
				name: Events
				permissions: {devices: {tags: [freezer]}, actions: [notify]}
				triggers:
				  - {id: offline, kind: device-status, status: offline}
				  - {id: critical, kind: alarm, on: [raised], severities: [CRITICAL]}
				  - {id: hourly, kind: schedule, every: 1h}
				rules:
				  - id: any
				    condition: event.kind != "schedule" || now > timestamp("2026-01-01T00:00:00Z")
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: "{{ event.trigger }} {{ event.kind }}"}]
				""");
		EventTrace offline = AppEvaluator.evaluate(app, APP, new AppEvent("device-status", null, FREEZER, T0,
				Map.of("status", "offline")), state, 0);
		assertThat(offline.triggers()).containsExactly("offline");
		assertThat(offline.rules().getFirst().actions().getFirst().payload()).containsEntry("title", "offline device-status");
		EventTrace online = AppEvaluator.evaluate(app, APP, new AppEvent("device-status", null, FREEZER, T0,
				Map.of("status", "online")), state, 1);
		assertThat(online.skipped()).isNotNull();
		EventTrace minor = AppEvaluator.evaluate(app, APP, new AppEvent("alarm", null, FREEZER, T0,
				Map.of("state", "raised", "severity", "MINOR")), state, 2);
		assertThat(minor.skipped()).isNotNull();
		EventTrace critical = AppEvaluator.evaluate(app, APP, new AppEvent("alarm", null, FREEZER, T0,
				Map.of("state", "raised", "severity", "CRITICAL")), state, 3);
		assertThat(critical.triggers()).containsExactly("critical");
		EventTrace hourly = AppEvaluator.evaluate(app, APP, new AppEvent("schedule", "hourly", null, T0, Map.of()), state, 4);
		assertThat(hourly.rules().getFirst().fired()).isTrue();
		assertThat(hourly.rules().getFirst().actions().getFirst().payload()).containsEntry("title", "hourly schedule");
	}
}
