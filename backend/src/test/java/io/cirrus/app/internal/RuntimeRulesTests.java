package io.cirrus.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cirrus.app.Trigger;
import io.cirrus.app.internal.AppState.DeviceState;
import io.cirrus.app.internal.AppState.Hold;
import io.cirrus.app.internal.AppState.Bucket;
import io.cirrus.app.internal.AppState.Watch;

/** The runtime's pure rules: when schedules fire between two ticks, and block state surviving its checkpoint. */
class RuntimeRulesTests {

	static final Instant ACTIVATED = Instant.parse("2026-12-07T10:00:00Z");

	@Test
	void aPeriodicScheduleFiresAtEachMultipleOfItsPeriodSinceTheDeployOnceAcrossTicks() {
		Trigger.Schedule every = new Trigger.Schedule("s", "10s", null, null, null);
		assertThat(RuntimeEvents.due(every, ACTIVATED, ACTIVATED.minusSeconds(60), ACTIVATED.plusSeconds(25)))
			.containsExactly(ACTIVATED.plusSeconds(10), ACTIVATED.plusSeconds(20));
		// The next tick starts where the last one ended: 20 s is not fired again, 30 s is.
		assertThat(RuntimeEvents.due(every, ACTIVATED, ACTIVATED.plusSeconds(25), ACTIVATED.plusSeconds(31)))
			.containsExactly(ACTIVATED.plusSeconds(30));
		assertThat(RuntimeEvents.due(every, ACTIVATED, ACTIVATED.plusSeconds(20), ACTIVATED.plusSeconds(20))).isEmpty();
	}

	@Test
	void aSlotWithinTheMillisecondAWindowStartsInIsFiredBySubMillisecondActivations() {
		// Activations carry microseconds (PostgreSQL); ticks end on whole milliseconds, as their position is stored.
		Instant activated = Instant.parse("2026-12-07T10:00:01.056296Z");
		Trigger.Schedule every = new Trigger.Schedule("s", "10s", null, null, null);
		Instant slot = activated.plusSeconds(30);
		// A tick ending in the slot's millisecond but before it fires nothing; the next one, from there, fires the slot.
		Instant tickEnd = Instant.parse("2026-12-07T10:00:31.056Z");
		assertThat(RuntimeEvents.due(every, activated, tickEnd.minusSeconds(1), tickEnd)).isEmpty();
		assertThat(RuntimeEvents.due(every, activated, tickEnd, tickEnd.plusMillis(20))).containsExactly(slot);
		assertThat(RuntimeEvents.due(every, activated, activated, activated.plusSeconds(10))).containsExactly(activated.plusSeconds(10));
	}

	@Test
	void aOneOffAndACronScheduleFireInTheirWindowInTheirTimeZone() {
		Trigger.Schedule once = new Trigger.Schedule("o", null, "2026-12-07T10:00:30Z", null, null);
		assertThat(RuntimeEvents.due(once, ACTIVATED, ACTIVATED, ACTIVATED.plusSeconds(30))).containsExactly(ACTIVATED.plusSeconds(30));
		assertThat(RuntimeEvents.due(once, ACTIVATED, ACTIVATED.plusSeconds(30), ACTIVATED.plusSeconds(90))).isEmpty();
		// Every day at 11:15 in Berlin (10:15 UTC in winter), five fields.
		Trigger.Schedule cron = new Trigger.Schedule("c", null, null, "15 11 * * *", "Europe/Berlin");
		assertThat(RuntimeEvents.due(cron, ACTIVATED, ACTIVATED, ACTIVATED.plusSeconds(3600)))
			.containsExactly(Instant.parse("2026-12-07T10:15:00Z"));
	}

	@Test
	void blockStateReadsBackAsItWasWritten() {
		DeviceState state = new DeviceState();
		state.last.put("temperature", 21.5);
		state.last.put("door", "open");
		state.windows.put("avg", new ArrayDeque<>(List.of(new Bucket(0, 2, 43.0, 20.0, 23.0), new Bucket(5000, 1, 19.5, 19.5, 19.5))));
		state.holds.put("hot", new Hold(1500, 3));
		state.cooldowns.put("quiet", 9000L);
		state.watches.put("silent", new Watch(2000, true));
		state.context = new DeviceContext("d1", "Freezer", List.of("cold"), "p1", "Sensors", Map.of("floor", 3.0));

		DeviceState read = RuntimeCheckpoints.read(RuntimeCheckpoints.write(state));

		assertThat(read.last).isEqualTo(Map.of("temperature", 21.5, "door", "open"));
		assertThat(read.windows.get("avg")).containsExactly(new Bucket(0, 2, 43.0, 20.0, 23.0), new Bucket(5000, 1, 19.5, 19.5, 19.5));
		assertThat(read.holds).isEqualTo(Map.of("hot", new Hold(1500, 3)));
		assertThat(read.cooldowns).isEqualTo(Map.of("quiet", 9000L));
		assertThat(read.watches).isEqualTo(Map.of("silent", new Watch(2000, true)));
		assertThat(read.context).isEqualTo(state.context);
	}

	@Test
	void aWindowStoredAsReadingsBeforeBucketsReadsBackAsBucketsOfOne() {
		DeviceState read = RuntimeCheckpoints.read("""
				{"last": {}, "windows": {"avg": [[1000, 20.0], [2000, 23.0]]}, "holds": {}, "cooldowns": {}, "watches": {}}
				""");

		assertThat(read.windows.get("avg")).containsExactly(new Bucket(1000, 1, 20.0, 20.0, 20.0),
				new Bucket(2000, 1, 23.0, 23.0, 23.0));
		assertThat(Windows.aggregate("avg", read.windows.get("avg"))).isEqualTo(21.5);
	}
}
