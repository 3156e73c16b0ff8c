package io.cirrus.app.internal;

import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

import io.cirrus.app.internal.AppState.Bucket;

/**
 * A window block's readings kept as buckets, a {@link AppState#WINDOW_BUCKETS}th of its period each (count, sum,
 * min, max): its state stays that small however dense the readings, and covers the period to within one bucket.
 */
final class Windows {

	private Windows() {
	}

	/**
	 * Counts a reading (null: none) at {@code now} into the window of {@code period} milliseconds, drops the buckets
	 * that left it and answers the window's value.
	 */
	static double update(ArrayDeque<Bucket> buckets, long period, String function, @Nullable Number reading, long now) {
		long width = Math.max(1, period / AppState.WINDOW_BUCKETS);
		if (reading != null) {
			add(buckets, now - Math.floorMod(now, width), reading.doubleValue());
		}
		evict(buckets, now - period, width);
		return aggregate(function, buckets);
	}

	/**
	 * Adds a reading to the bucket starting at {@code start}; a late reading whose bucket is gone (or never was)
	 * counts in the next newer bucket kept.
	 */
	static void add(ArrayDeque<Bucket> buckets, long start, double value) {
		Bucket last = buckets.peekLast();
		if (last == null || last.start < start) {
			buckets.addLast(new Bucket(start, 1, value, value, value));
			return;
		}
		Bucket into = last;
		for (var it = buckets.descendingIterator(); it.hasNext();) {
			Bucket bucket = it.next();
			if (bucket.start < start) {
				break;
			}
			into = bucket;
		}
		into.add(value);
	}

	/** Drops the buckets whose readings are all at or before {@code oldest}. */
	private static void evict(ArrayDeque<Bucket> buckets, long oldest, long width) {
		while (!buckets.isEmpty() && buckets.peekFirst().start + width - 1 <= oldest) {
			buckets.removeFirst();
		}
	}

	static long readings(ArrayDeque<Bucket> buckets) {
		long count = 0;
		for (Bucket b : buckets) {
			count += b.count;
		}
		return count;
	}

	static double aggregate(String function, ArrayDeque<Bucket> buckets) {
		long count = readings(buckets);
		if (function.equals("count")) {
			return count;
		}
		if (count == 0) {
			return function.equals("sum") ? 0 : Double.NaN;
		}
		double result = switch (function) {
			case "min" -> Double.POSITIVE_INFINITY;
			case "max" -> Double.NEGATIVE_INFINITY;
			default -> 0;
		};
		for (Bucket b : buckets) {
			result = switch (function) {
				case "min" -> Math.min(result, b.min);
				case "max" -> Math.max(result, b.max);
				default -> result + b.sum;
			};
		}
		return function.equals("avg") ? result / count : result;
	}
}
