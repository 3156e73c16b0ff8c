package io.cirrus.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until a condition holds, failing with a message after a timeout. */
public final class Await {

	private Await() {
	}

	public static void until(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
		}
	}

	public static <T> T value(String what, Duration timeout, Supplier<T> supplier, java.util.function.Predicate<T> ok) {
		Object[] last = new Object[1];
		until(what + " (last: " + last[0] + ")", timeout, () -> {
			last[0] = supplier.get();
			@SuppressWarnings("unchecked")
			T value = (T) last[0];
			return ok.test(value);
		});
		@SuppressWarnings("unchecked")
		T value = (T) last[0];
		return value;
	}
}
