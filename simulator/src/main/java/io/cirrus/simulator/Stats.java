package io.cirrus.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the simulator prints every ten seconds. */
final class Stats {

	final AtomicLong readings = new AtomicLong();

	final AtomicLong heartbeats = new AtomicLong();

	final AtomicLong refused = new AtomicLong();

	final AtomicLong commands = new AtomicLong();

	private long lastReadings;

	private long lastAt = System.nanoTime();

	synchronized String line() {
		long now = System.nanoTime();
		long total = readings.get();
		double rate = (total - lastReadings) / Math.max(1e-9, (now - lastAt) / 1e9);
		lastReadings = total;
		lastAt = now;
		return String.format("%d readings (%.1f/s), %d heartbeats, %d refused, %d commands answered", total, rate,
				heartbeats.get(), refused.get(), commands.get());
	}
}
