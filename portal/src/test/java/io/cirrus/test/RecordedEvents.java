package io.cirrus.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

import io.cirrus.notification.PlatformEvent;

/** Records the platform events modules publish, so tests can see what subscribers were told. */
@TestComponent
public class RecordedEvents {

	private final List<PlatformEvent> seen = new CopyOnWriteArrayList<>();

	@EventListener
	void on(PlatformEvent event) {
		seen.add(event);
	}

	public List<PlatformEvent> of(String type) {
		return seen.stream().filter(e -> e.type().equals(type)).toList();
	}

	public List<PlatformEvent> all() {
		return List.copyOf(seen);
	}
}
