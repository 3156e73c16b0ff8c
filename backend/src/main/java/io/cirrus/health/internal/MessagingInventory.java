package io.cirrus.health.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.cirrus.health.HealthProperties;
import io.cirrus.health.MessagingStatus;
import io.cirrus.health.WatchedQueues;
import io.cirrus.telemetry.DeviceTrafficTopics;

/**
 * What the brokers say about Cirrus's messaging: Kafka topics and consumer lag per group, RabbitMQ queue depths
 * and consumers of the queues modules name ({@link WatchedQueues}). Every call is bounded by the probe timeout; a broker that does not answer yields "unknown"
 * (-1), never an exception.
 */
@Component
public class MessagingInventory {

	private final KafkaAdminClient kafka;

	private final AmqpAdmin rabbit;

	private final DeviceTrafficTopics topics;

	private final ObjectProvider<WatchedQueues> queues;

	private final Duration timeout;

	MessagingInventory(KafkaAdminClient kafka, AmqpAdmin rabbit, DeviceTrafficTopics topics,
			ObjectProvider<WatchedQueues> queues, HealthProperties properties) {
		this.kafka = kafka;
		this.rabbit = rabbit;
		this.topics = topics;
		this.queues = queues;
		this.timeout = properties.probeTimeout();
	}

	public MessagingStatus status() {
		Map<String, TopicDescription> described = describeTopics();
		List<MessagingStatus.Topic> topicStates = new ArrayList<>();
		for (String name : topics.names()) {
			TopicDescription description = described.get(name);
			topicStates.add(new MessagingStatus.Topic(name, description == null ? -1 : description.partitions().size()));
		}
		List<MessagingStatus.Queue> queueStates = new ArrayList<>();
		for (String name : queues.orderedStream().flatMap(q -> q.queues().stream()).toList()) {
			QueueInformation info = queueInfo(name);
			queueStates.add(info == null ? new MessagingStatus.Queue(name, -1, -1)
					: new MessagingStatus.Queue(name, info.getMessageCount(), info.getConsumerCount()));
		}
		return new MessagingStatus(topicStates, queueStates, consumerLag());
	}

	/** Records behind the end of the log, per consumer group of this installation (its topic prefix). */
	public Map<String, Long> consumerLag() {
		Map<String, Long> lag = new HashMap<>();
		try {
			Admin admin = kafka.admin();
			Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(millis(), TimeUnit.MILLISECONDS);
			for (ConsumerGroupListing group : groups) {
				if (!group.groupId().startsWith(topics.group(""))) {
					continue;
				}
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
					.partitionsToOffsetAndMetadata()
					.get(millis(), TimeUnit.MILLISECONDS);
				if (committed.isEmpty()) {
					continue;
				}
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
				Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest)
					.all()
					.get(millis(), TimeUnit.MILLISECONDS);
				long total = 0;
				for (var entry : committed.entrySet()) {
					if (entry.getValue() != null && ends.get(entry.getKey()) != null) {
						total += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
					}
				}
				lag.put(group.groupId(), total);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException e) {
			// Kafka down or slow: the lag is unknown this time; the component probe reports Kafka itself.
		}
		return lag;
	}

	/** The sum of a group's committed offsets (its progress), or -1 when Kafka does not answer. */
	public long committedTotal(String group) {
		try {
			return kafka.admin()
				.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(millis(), TimeUnit.MILLISECONDS)
				.values()
				.stream()
				.filter(java.util.Objects::nonNull)
				.mapToLong(OffsetAndMetadata::offset)
				.sum();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return -1;
		}
		catch (ExecutionException | TimeoutException | RuntimeException e) {
			return -1;
		}
	}

	private Map<String, TopicDescription> describeTopics() {
		try {
			return kafka.admin().describeTopics(topics.names()).allTopicNames().get(millis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
		catch (ExecutionException | TimeoutException | RuntimeException e) {
			return Map.of();
		}
	}

	private @Nullable QueueInformation queueInfo(String name) {
		try {
			return rabbit.getQueueInfo(name);
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	private long millis() {
		return timeout.toMillis();
	}
}
