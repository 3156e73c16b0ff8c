package io.cirrus.app.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The state of one app's stateful blocks, per device: what the evaluator reads and changes as events arrive. A
 * dry-run keeps one for the run and drops it; the runtime keeps one per deployed app, and its fields are plain data
 * so that it can be stored and restored.
 */
public final class AppState {

	/** Most readings a window keeps per device; older ones go first. */
	static final int MAX_WINDOW_READINGS = 10_000;

	private final Map<String, DeviceState> devices = new HashMap<>();

	DeviceState device(String key) {
		return devices.computeIfAbsent(key, k -> new DeviceState());
	}

	Map<String, DeviceState> devices() {
		return devices;
	}

	/** One reading in a window. */
	record Sample(long at, double value) {
	}

	/** A for-duration block's run of true conditions: since when, how many events. */
	record Hold(long since, int count) {
	}

	/** An absence block's watch: when the key was last read, and whether the absence was announced. */
	record Watch(long lastSeen, boolean announced) {
	}

	/** Everything kept for one device. */
	static final class DeviceState {

		/** The latest value of each key, {@code event.previous} of the next reading. */
		final Map<String, Object> last = new HashMap<>();

		final Map<String, ArrayDeque<Sample>> windows = new HashMap<>();

		final Map<String, Hold> holds = new HashMap<>();

		/** Cooldown block id to the end of its quiet period (epoch millis). */
		final Map<String, Long> cooldowns = new HashMap<>();

		final Map<String, Watch> watches = new HashMap<>();

		/** The device as last seen, for events the platform raises about it (absence). */
		@Nullable DeviceContext context;
	}
}
