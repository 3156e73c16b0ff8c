package io.cirrus.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cirrus.app.internal.AppState.Bucket;
import io.cirrus.app.internal.AppState.DeviceState;
import io.cirrus.app.internal.AppState.Hold;
import io.cirrus.app.internal.AppState.Watch;

/** A device's block state as the runtime stores it comes back the same. */
class RuntimeCheckpointsTests {

	@Test
	void aStoredStateReadsBackTheSame() {
		DeviceState state = new DeviceState();
		state.last.put("temperature", 21.5);
		state.last.put("door", "open");
		state.last.put("on", true);
		ArrayDeque<Bucket> buckets = new ArrayDeque<>();
		buckets.add(new Bucket(1_765_000_000_000L, 3, 63.5, 20.0, 22.25));
		buckets.add(new Bucket(1_765_000_005_000L, 1, -0.5, -0.5, -0.5));
		state.windows.put("avg5", buckets);
		state.windows.put("empty", new ArrayDeque<>());
		state.holds.put("hot", new Hold(1_765_000_000_000L, 4));
		state.cooldowns.put("quiet", 1_765_000_600_000L);
		state.watches.put("silent", new Watch(1_765_000_000_123L, true));
		state.context = new DeviceContext("6f1c0d7e-0000-4000-8000-000000000001", "Freezer 1", List.of("freezer"), "p1",
				"Freezers", Map.of("site", "Berlin"));

		DeviceState read = RuntimeCheckpoints.read(RuntimeCheckpoints.write(state));

		assertThat(read.last).isEqualTo(state.last);
		assertThat(read.windows.get("avg5")).containsExactlyElementsOf(buckets);
		assertThat(read.windows.get("empty")).isEmpty();
		assertThat(read.holds).isEqualTo(state.holds);
		assertThat(read.cooldowns).isEqualTo(state.cooldowns);
		assertThat(read.watches).isEqualTo(state.watches);
		assertThat(read.context).isEqualTo(state.context);
		assertThat(RuntimeCheckpoints.read(RuntimeCheckpoints.write(new DeviceState())).context).isNull();
	}
}
