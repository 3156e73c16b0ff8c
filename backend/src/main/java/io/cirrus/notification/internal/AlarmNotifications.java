package io.cirrus.notification.internal;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cirrus.health.AlarmCleared;
import io.cirrus.health.AlarmRaised;
import io.cirrus.health.Severity;
import io.cirrus.notification.Priority;

/**
 * Tells subscribers of {@code alarm.raised} and {@code alarm.cleared} about a tenant's alarm, with a priority by its
 * severity. Runs after the health module's commit, through the event publication registry (docs/adr/0015,
 * docs/adr/0023). Acknowledgements are not announced: the people who acknowledge are the ones who would be told.
 */
@Component
class AlarmNotifications {

	private final PlatformEvents platformEvents;

	AlarmNotifications(PlatformEvents platformEvents) {
		this.platformEvents = platformEvents;
	}

	@Async
	@TransactionalEventListener(fallbackExecution = true)
	void on(AlarmRaised alarm) {
		platformEvents.announce(new PlatformEvent(alarm.tenant(), PlatformEvent.ALARM_RAISED, priority(alarm.severity()),
				alarm.severity() + " alarm: " + alarm.ruleName(), alarm.message() + " (" + alarm.entityName() + ")",
				"/alarms/" + alarm.alarmId(), data(alarm.alarmId(), alarm.entity(), alarm.severity(), alarm.value()),
				alarm.raisedAt(), alarm.alarmId().toString()));
	}

	@Async
	@TransactionalEventListener(fallbackExecution = true)
	void on(AlarmCleared alarm) {
		platformEvents.announce(new PlatformEvent(alarm.tenant(), PlatformEvent.ALARM_CLEARED, priority(alarm.severity()),
				"Cleared: " + alarm.ruleName(), alarm.entityName() + " is back to normal.", "/alarms/" + alarm.alarmId(),
				data(alarm.alarmId(), alarm.entity(), alarm.severity(), alarm.value()), alarm.clearedAt(),
				alarm.alarmId().toString()));
	}

	/** How urgent people should find an alarm of this severity. */
	static Priority priority(Severity severity) {
		return switch (severity) {
			case CRITICAL -> Priority.URGENT;
			case MAJOR -> Priority.HIGH;
			case MINOR -> Priority.NORMAL;
			case WARNING -> Priority.LOW;
		};
	}

	private static Map<String, String> data(UUID alarm, String entity, Severity severity, @Nullable Double value) {
		return Map.of("alarmId", alarm.toString(), "entity", entity, "severity", severity.name(), "value",
				String.valueOf(value));
	}
}
