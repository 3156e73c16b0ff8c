package io.cirrus.notification;

/**
 * How urgent a notification is. Mapped onto a few AMQP priority levels of the channel queues, so an urgent message
 * overtakes a backlog of normal ones.
 */
public enum Priority {

	LOW(0), NORMAL(1), HIGH(2), URGENT(3);

	private final int amqp;

	Priority(int amqp) {
		this.amqp = amqp;
	}

	/** The AMQP message priority (0..3, within the queues' {@code x-max-priority}). */
	public int amqpPriority() {
		return amqp;
	}
}
