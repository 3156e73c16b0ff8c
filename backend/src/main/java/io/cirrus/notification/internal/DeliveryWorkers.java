package io.cirrus.notification.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.NotificationTopology;
import io.cirrus.shared.TenantId;

/**
 * The consumers: one listener container per lane (channel x on-demand/bulk) and one for the parked queue. Manual
 * acknowledgement, {@code prefetch} unacknowledged messages per consumer (so urgent messages overtake a backlog),
 * and a message is acknowledged only after its outcome is recorded in PostgreSQL (docs/adr/0011).
 */
@Component
public class DeliveryWorkers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

	private final Map<String, SimpleMessageListenerContainer> containers = new HashMap<>();

	private final NotificationProperties properties;

	private final NotificationTopology topology;

	private final InboxDelivery inbox;

	private final ExternalDelivery external;

	private final ExecutorService tenantLanes = Executors.newVirtualThreadPerTaskExecutor();

	private final Retries retries;

	private final ParkedRecorder parked;

	private final ConnectionFactory connections;

	private volatile boolean running;

	DeliveryWorkers(ConnectionFactory connections, NotificationProperties properties, NotificationTopology topology,
			InboxDelivery inbox, ExternalDelivery external, Retries retries, ParkedRecorder parked) {
		this.connections = connections;
		this.properties = properties;
		this.topology = topology;
		this.inbox = inbox;
		this.external = external;
		this.retries = retries;
		this.parked = parked;
	}

	private SimpleMessageListenerContainer container(String queue, int consumers, ChannelAwareBatchMessageListener listener) {
		return container(queue, consumers, properties.prefetch(), listener);
	}

	private SimpleMessageListenerContainer container(String queue, int consumers, int prefetch,
			ChannelAwareBatchMessageListener listener) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
		container.setQueueNames(queue);
		container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		container.setPrefetchCount(prefetch);
		container.setConsumerBatchEnabled(true);
		container.setBatchSize(prefetch);
		container.setReceiveTimeout(1000);
		container.setBatchReceiveTimeout(5);
		container.setConcurrentConsumers(consumers);
		container.setDefaultRequeueRejected(true);
		container.setMissingQueuesFatal(false);
		container.setRecoveryInterval(1000);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("notify-" + queue.substring(queue.lastIndexOf('.') + 1) + "-");
		executor.setVirtualThreads(true);
		container.setTaskExecutor(executor);
		container.setMessageListener(listener);
		container.setAutoStartup(false);
		container.afterPropertiesSet();
		return container;
	}

	/** The container of a lane, e.g. {@code inbox} or {@code inbox.bulk} (tests pause and resume it). */
	public SimpleMessageListenerContainer container(String lane) {
		return containers.get(lane);
	}

	@Override
	public void start() {
		for (String lane : topology.lanes()) {
			boolean bulk = lane.endsWith(NotificationTopology.BULK);
			String channel = lane.replace(NotificationTopology.BULK, "");
			ChannelAwareBatchMessageListener listener = listener((messages, amqp) -> handle(lane, channel, messages, amqp));
			// Webhook consumers take one message at a time: messages buffered behind a call that runs into its
			// deadline would wait for it, whichever tenant they belong to (docs/adr/0030).
			int prefetch = channel.equals("webhook") ? properties.webhook().prefetch() : properties.prefetch();
			containers.put(lane, container(NotificationTopology.laneQueue(lane),
					bulk ? properties.bulkConsumers() : properties.consumers(), prefetch, listener));
		}
		containers.put("parked", container(NotificationTopology.PARKED_QUEUE, 1, listener((messages, amqp) -> {
			for (Message message : messages) {
				parked.record(message);
				amqp.basicAck(message.getMessageProperties().getDeliveryTag(), false);
			}
		})));
		containers.values().forEach(SimpleMessageListenerContainer::start);
		running = true;
	}

	@FunctionalInterface
	interface BatchHandler {

		void handle(List<Message> messages, Channel amqp) throws Exception;
	}

	/** Anything thrown makes the container reject (and requeue) the unacknowledged messages. */
	private static ChannelAwareBatchMessageListener listener(BatchHandler handler) {
		return new ChannelAwareBatchMessageListener() {
			@Override
			public void onMessageBatch(List<Message> messages, Channel channel) {
				try {
					handler.handle(messages, channel);
				}
				catch (RuntimeException e) {
					throw e;
				}
				catch (Exception e) {
					throw new IllegalStateException(e);
				}
			}
		};
	}

	private void handle(String lane, String channel, List<Message> messages, Channel amqp) throws Exception {
		List<Message> readable = new ArrayList<>();
		List<List<DeliveryMessage>> parsed = new ArrayList<>();
		for (Message message : messages) {
			try {
				List<DeliveryMessage> segments = DeliveryMessage.all(message);
				for (DeliveryMessage segment : segments) {
					if (!segment.channel().equals(channel)) {
						throw new IllegalArgumentException("message for channel " + segment.channel() + " on lane " + lane);
					}
				}
				parsed.add(segments);
				readable.add(message);
			}
			catch (RuntimeException e) {
				// Not one of ours: retrying cannot help. Straight to the parked queue (dead-letter exchange).
				log.warn("Parking an unreadable message on lane {} ({} bytes): {}", lane, message.getBody().length,
						e.getMessage());
				amqp.basicReject(message.getMessageProperties().getDeliveryTag(), false);
			}
		}
		if (parsed.isEmpty()) {
			return;
		}
		if (channel.equals("inbox")) {
			try {
				inbox.deliver(parsed.stream().flatMap(List::stream).toList());
			}
			catch (RuntimeException e) {
				log.warn("In-portal delivery of {} messages failed, retrying later: {}", parsed.size(), e.getMessage());
				for (int i = 0; i < parsed.size(); i++) {
					for (DeliveryMessage segment : parsed.get(i)) {
						retries.retryMessage(lane, readable.get(i), segment, String.valueOf(e.getMessage()));
					}
				}
			}
		}
		else {
			// Each tenant's part of the batch runs on its own virtual thread: one tenant's endpoint that takes its
			// whole deadline does not hold back another tenant's deliveries fetched in the same batch.
			Map<TenantId, List<Runnable>> byTenant = new LinkedHashMap<>();
			for (int i = 0; i < parsed.size(); i++) {
				Message message = readable.get(i);
				int priority = message.getMessageProperties().getPriority() == null ? 0
						: message.getMessageProperties().getPriority();
				for (DeliveryMessage segment : parsed.get(i)) {
					byTenant.computeIfAbsent(segment.tenant(), t -> new ArrayList<>())
						.add(() -> external.deliver(lane, segment, priority));
				}
			}
			if (byTenant.size() == 1) {
				byTenant.values().iterator().next().forEach(Runnable::run);
			}
			else {
				List<Future<?>> running = new ArrayList<>();
				for (List<Runnable> work : byTenant.values()) {
					running.add(tenantLanes.submit(() -> work.forEach(Runnable::run)));
				}
				for (Future<?> future : running) {
					try {
						future.get();
					}
					catch (ExecutionException e) {
						throw e.getCause() instanceof Exception cause ? cause : e;
					}
				}
			}
		}
		for (Message message : readable) {
			amqp.basicAck(message.getMessageProperties().getDeliveryTag(), false);
		}
	}

	@Override
	public void stop() {
		running = false;
		containers.values().forEach(SimpleMessageListenerContainer::stop);
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	static Duration delay(List<Long> delays, int attempt) {
		return Duration.ofMillis(delays.get(Math.min(Math.max(attempt, 1), delays.size()) - 1));
	}

}
