package io.cirrus.health;

import java.util.List;
import java.util.Map;

/**
 * The declared messaging of Cirrus as the brokers report it.
 *
 * @param topics      Kafka topics of device traffic
 * @param queues      RabbitMQ queues of notifications
 * @param consumerLag records behind the end of the log, per Kafka consumer group of this installation
 */
public record MessagingStatus(List<Topic> topics, List<Queue> queues, Map<String, Long> consumerLag) {

	/** A Kafka topic; {@code partitions} is -1 when it does not exist or Kafka did not answer. */
	public record Topic(String name, int partitions) {
	}

	/** A RabbitMQ queue; counts are -1 when it does not exist or RabbitMQ did not answer. */
	public record Queue(String name, long messages, int consumers) {
	}
}
