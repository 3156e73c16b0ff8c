package io.cirrus.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.cirrus.health.internal.KafkaAdminClient;
import io.cirrus.notification.NotificationTopology;
import io.cirrus.shared.Roles;
import io.cirrus.telemetry.DeviceTrafficTopics;

/**
 * The platform as a platform admin sees it: every component probed in parallel with its round-trip latency, and
 * the declared topics and queues with what the brokers say about them.
 */
@Service
@EnableConfigurationProperties(HealthProperties.class)
public class PlatformStatus {

	private final List<ComponentProbe> probes;

	private final HealthProperties properties;

	private final DeviceTrafficTopics topics;

	private final NotificationTopology notifications;

	private final KafkaAdminClient kafka;

	private final AmqpAdmin rabbit;

	PlatformStatus(List<ComponentProbe> probes, HealthProperties properties, DeviceTrafficTopics topics,
			NotificationTopology notifications, KafkaAdminClient kafka, AmqpAdmin rabbit) {
		this.probes = probes;
		this.properties = properties;
		this.topics = topics;
		this.notifications = notifications;
		this.kafka = kafka;
		this.rabbit = rabbit;
	}

	/** Probes every component at once; a component that does not answer within the timeout is down. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public List<ComponentStatus> components() {
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<ComponentStatus>> running = probes.stream().map(p -> executor.submit(() -> probe(p))).toList();
			List<ComponentStatus> result = new ArrayList<>();
			for (int i = 0; i < probes.size(); i++) {
				result.add(await(probes.get(i), running.get(i)));
			}
			return result;
		}
	}

	/** Topics and queues as the brokers report them. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public MessagingStatus messaging() {
		List<MessagingStatus.Topic> topicStates = new ArrayList<>();
		Map<String, TopicDescription> described = describeTopics();
		for (String name : topics.names()) {
			TopicDescription description = described.get(name);
			topicStates.add(new MessagingStatus.Topic(name, description == null ? -1 : description.partitions().size()));
		}
		List<MessagingStatus.Queue> queueStates = new ArrayList<>();
		for (String name : notifications.queues()) {
			QueueInformation info = queueInfo(name);
			queueStates.add(info == null ? new MessagingStatus.Queue(name, -1, -1)
					: new MessagingStatus.Queue(name, info.getMessageCount(), info.getConsumerCount()));
		}
		return new MessagingStatus(topicStates, queueStates);
	}

	private ComponentStatus probe(ComponentProbe probe) {
		long start = System.nanoTime();
		try {
			String detail = probe.check();
			return new ComponentStatus(probe.name(), probe.address(), true, Duration.ofNanos(System.nanoTime() - start), detail);
		}
		catch (Exception e) {
			return new ComponentStatus(probe.name(), probe.address(), false, Duration.ofNanos(System.nanoTime() - start),
					String.valueOf(e.getMessage()));
		}
	}

	private ComponentStatus await(ComponentProbe probe, Future<ComponentStatus> future) {
		try {
			return future.get(properties.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException e) {
			future.cancel(true);
			return new ComponentStatus(probe.name(), probe.address(), false, properties.probeTimeout(),
					"no answer within " + properties.probeTimeout().toMillis() + " ms");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new ComponentStatus(probe.name(), probe.address(), false, Duration.ZERO, "interrupted");
		}
		catch (ExecutionException e) {
			return new ComponentStatus(probe.name(), probe.address(), false, Duration.ZERO, String.valueOf(e.getCause()));
		}
	}

	private Map<String, TopicDescription> describeTopics() {
		try {
			Admin admin = kafka.admin();
			return admin.describeTopics(topics.names())
				.allTopicNames()
				.get(properties.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
		catch (ExecutionException | TimeoutException | RuntimeException e) {
			return Map.of();
		}
	}

	private QueueInformation queueInfo(String name) {
		try {
			return rabbit.getQueueInfo(name);
		}
		catch (RuntimeException e) {
			return null;
		}
	}
}
