package io.cirrus.health;

import java.util.List;

/**
 * The declared messaging of Cirrus as the brokers report it.
 *
 * @param topics Kafka topics of device traffic
 * @param queues RabbitMQ queues of notifications
 */
public record MessagingStatus(List<Topic> topics, List<Queue> queues) {

	/** A Kafka topic; {@code partitions} is -1 when it does not exist or Kafka did not answer. */
	public record Topic(String name, int partitions) {
	}

	/** A RabbitMQ queue; counts are -1 when it does not exist or RabbitMQ did not answer. */
	public record Queue(String name, long messages, int consumers) {
	}
}
