package io.cirrus.health;

import io.cirrus.notification.Priority;

/** How serious an alarm is; decides the priority of the notifications it sends. */
public enum Severity {

	CRITICAL(Priority.URGENT), MAJOR(Priority.HIGH), MINOR(Priority.NORMAL), WARNING(Priority.LOW);

	private final Priority priority;

	Severity(Priority priority) {
		this.priority = priority;
	}

	/** The notification priority of alarms of this severity. */
	public Priority priority() {
		return priority;
	}
}
