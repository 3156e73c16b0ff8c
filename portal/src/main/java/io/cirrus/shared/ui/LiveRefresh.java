package io.cirrus.shared.ui;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;

/**
 * Keeps a view live: while the component is attached, runs an update every period inside {@code ui.access}, so the
 * change reaches the browser over server push. The schedule stops when the component detaches (navigation, closed
 * tab, expired session).
 */
public final class LiveRefresh {

	private static final Logger log = LoggerFactory.getLogger(LiveRefresh.class);

	private static final ScheduledExecutorService TIMER = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cirrus-live-refresh").factory());

	private LiveRefresh() {
	}

	public static void every(Component component, Duration period, Runnable update) {
		component.addAttachListener(attach -> {
			UI ui = attach.getUI();
			AtomicBoolean running = new AtomicBoolean();
			// The timer only triggers; each update runs on its own virtual thread inside ui.access (where the
			// session's security context applies), and a slow update is never overlapped by the next.
			ScheduledFuture<?> task = TIMER.scheduleWithFixedDelay(() -> {
				if (ui.getSession() == null || ui.getSession().getState() != com.vaadin.flow.server.VaadinSessionState.OPEN
						|| !running.compareAndSet(false, true)) {
					return;
				}
				Thread.startVirtualThread(() -> {
					try {
						ui.access(() -> {
							try {
								update.run();
							}
							catch (RuntimeException e) {
								log.debug("A live update failed: {}", e.getMessage());
							}
						}).get();
					}
					catch (com.vaadin.flow.component.UIDetachedException | java.util.concurrent.ExecutionException e) {
						// the view went away between two ticks
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					finally {
						running.set(false);
					}
				});
			}, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
			component.addDetachListener(detach -> {
				task.cancel(false);
				detach.unregisterListener();
			});
		});
	}
}
