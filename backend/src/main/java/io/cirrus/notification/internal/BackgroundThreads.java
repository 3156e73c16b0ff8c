package io.cirrus.notification.internal;

import java.util.ArrayList;
import java.util.List;

/** The module's own background threads (relay, expander, writers): started by name, stopped together. */
final class BackgroundThreads {

	private final List<Thread> threads = new ArrayList<>();

	/** Starts a daemon platform thread. */
	void start(String name, Runnable loop) {
		threads.add(Thread.ofPlatform().daemon().name(name).start(loop));
	}

	/** Interrupts every thread and waits up to 5 s for each to finish. */
	void stop() {
		threads.forEach(Thread::interrupt);
		for (Thread thread : threads) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		threads.clear();
	}
}
