package io.cirrus.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cirrus.app.AppDeploymentChanged;
import io.cirrus.app.AppVersionValidated;
import io.cirrus.device.DeviceDecommissioned;
import io.cirrus.device.DeviceRegistered;
import io.cirrus.device.DeviceStatusChanged;
import io.cirrus.device.DeviceUpdated;
import io.cirrus.health.AlarmAcknowledged;
import io.cirrus.health.AlarmCleared;
import io.cirrus.health.AlarmRaised;

/**
 * Records the events modules publish to each other, on whichever thread they were published (a sweep, a Kafka
 * consumer, a request): Modulith's {@code PublishedEvents} sees only the test's own thread. Each is kept with
 * whether a transaction was open when it was published.
 */
@TestComponent
public class RecordedEvents {

	/** An event as it was published. */
	public record Recorded(Object event, boolean inTransaction) {
	}

	private final List<Recorded> seen = new CopyOnWriteArrayList<>();

	@EventListener(classes = { DeviceRegistered.class, DeviceUpdated.class, DeviceDecommissioned.class,
			DeviceStatusChanged.class, AlarmRaised.class, AlarmAcknowledged.class, AlarmCleared.class,
			AppVersionValidated.class, AppDeploymentChanged.class })
	void on(Object event) {
		seen.add(new Recorded(event, TransactionSynchronizationManager.isActualTransactionActive()));
	}

	/** The events of this type published so far, oldest first. */
	public <T> List<T> of(Class<T> type) {
		return of(type, e -> true);
	}

	/** The events of this type that match, oldest first. */
	public <T> List<T> of(Class<T> type, Predicate<? super T> filter) {
		return recorded(type, filter).stream().map(r -> type.cast(r.event())).toList();
	}

	/** The events of this type that match, with how they were published. */
	public <T> List<Recorded> recorded(Class<T> type, Predicate<? super T> filter) {
		return seen.stream().filter(r -> type.isInstance(r.event()) && filter.test(type.cast(r.event()))).toList();
	}
}
