package io.cirrus.shared.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;

/**
 * Keeps a view live: while the component is attached, runs an update every period. The browser polls (Vaadin's
 * poll interval, the shortest period any live component of the page asks for), so each update runs in a request of
 * the signed-in session, like a click: the user's security context and tenant apply, and no background thread or
 * server push is needed. Several live components on one page share the poll; the last one to detach stops it.
 */
public final class LiveRefresh {

	private static final Logger log = LoggerFactory.getLogger(LiveRefresh.class);

	private LiveRefresh() {
	}

	public static void every(Component component, Duration period, Runnable update) {
		component.addAttachListener(attach -> {
			Registration registration = poller(attach.getUI()).add(period, update);
			component.addDetachListener(detach -> {
				registration.remove();
				detach.unregisterListener();
			});
		});
	}

	private static Poller poller(UI ui) {
		Poller poller = ComponentUtil.getData(ui, Poller.class);
		if (poller == null) {
			poller = new Poller(ui);
			ComponentUtil.setData(ui, Poller.class, poller);
		}
		return poller;
	}

	/** The live updates of one UI (touched only under the session lock). */
	private static final class Poller {

		private final UI ui;

		private final List<Entry> entries = new ArrayList<>();

		private Registration listener;

		Poller(UI ui) {
			this.ui = ui;
		}

		Registration add(Duration period, Runnable update) {
			Entry entry = new Entry(Math.max(500, period.toMillis()), update);
			entries.add(entry);
			if (listener == null) {
				listener = ui.addPollListener(poll -> tick());
			}
			adjust();
			return () -> {
				entries.remove(entry);
				adjust();
			};
		}

		private void adjust() {
			if (entries.isEmpty()) {
				ui.setPollInterval(-1);
				if (listener != null) {
					listener.remove();
					listener = null;
				}
				return;
			}
			ui.setPollInterval((int) entries.stream().mapToLong(Entry::period).min().orElse(5000));
		}

		private void tick() {
			long now = System.nanoTime();
			for (Entry entry : List.copyOf(entries)) {
				// A little slack: a poll that arrives a few milliseconds early still counts.
				if (now - entry.last >= entry.period * 900_000L) {
					entry.last = now;
					try {
						entry.update.run();
					}
					catch (RuntimeException e) {
						log.warn("A live update failed: {}", e.toString());
					}
				}
			}
		}
	}

	private static final class Entry {

		final long period;

		final Runnable update;

		long last = System.nanoTime();

		Entry(long period, Runnable update) {
			this.period = period;
			this.update = update;
		}

		long period() {
			return period;
		}
	}
}
