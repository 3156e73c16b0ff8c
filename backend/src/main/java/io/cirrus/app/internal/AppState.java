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

	/**
	 * A window keeps its readings in this many buckets of equal width (a slice of its period), each with the count,
	 * sum, minimum and maximum of its readings: its state stays small however dense the readings (docs/adr/0027).
	 */
	static final int WINDOW_BUCKETS = 60;

	private final Map<String, DeviceState> devices = new HashMap<>();

	DeviceState device(String key) {
		return devices.computeIfAbsent(key, k -> new DeviceState());
	}

	Map<String, DeviceState> devices() {
		return devices;
	}

	/**
	 * The readings of a window that fell into one bucket: its start (epoch millis, a multiple of the bucket width),
	 * and their count, sum, minimum and maximum.
	 */
	static final class Bucket {

		final long start;

		long count;

		double sum;

		double min;

		double max;

		Bucket(long start, long count, double sum, double min, double max) {
			this.start = start;
			this.count = count;
			this.sum = sum;
			this.min = min;
			this.max = max;
		}

		void add(double value) {
			count++;
			sum += value;
			min = Math.min(min, value);
			max = Math.max(max, value);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Bucket b && b.start == start && b.count == count && b.sum == sum && b.min == min
					&& b.max == max;
		}

		@Override
		public int hashCode() {
			return Long.hashCode(start) * 31 + Long.hashCode(count);
		}

		@Override
		public String toString() {
			return "Bucket[" + start + ", " + count + ", " + sum + ", " + min + ", " + max + "]";
		}
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

		final Map<String, ArrayDeque<Bucket>> windows = new HashMap<>();

		final Map<String, Hold> holds = new HashMap<>();

		/** Cooldown block id to the end of its quiet period (epoch millis). */
		final Map<String, Long> cooldowns = new HashMap<>();

		final Map<String, Watch> watches = new HashMap<>();

		/** The device as last seen, for events the platform raises about it (absence). */
		@Nullable DeviceContext context;
	}
}
