package io.cirrus.telemetry.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import com.rabbitmq.client.Channel;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.device.DeviceLookup;
import io.cirrus.shared.DeviceId;
import io.cirrus.telemetry.IngestResult;
import io.cirrus.telemetry.IngestSource;
import io.cirrus.telemetry.TelemetryIngest;
import io.cirrus.telemetry.TelemetryRejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * MQTT ingest: devices publish {@code devices/<id>/telemetry} and {@code devices/<id>/heartbeat} to RabbitMQ's MQTT
 * plugin, which routes them on {@code amq.topic}; this consumer reads them from the durable queue
 * {@code cirrus.mqtt.telemetry} and hands them to {@link TelemetryIngest}. A message is acknowledged to RabbitMQ only
 * after Kafka acknowledged its records, so a crash anywhere in between redelivers it (nothing accepted is lost). A
 * message ingest refuses (bad input, over the tenant's rate limit) is dropped: ingest has counted it for the device's
 * page. When Kafka does not answer, the message goes back to the queue after a pause. The device is the one in the
 * routing key: the broker let it publish only its own topics (docs/adr/0008).
 */
@Configuration(proxyBeanMethods = false)
class MqttIngest implements SmartLifecycle {

	static final String QUEUE = "cirrus.mqtt.telemetry";

	private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);

	private final ConnectionFactory connections;

	private final DeviceLookup devices;

	private final TelemetryIngest ingest;

	private final Counter unknown;

	private @Nullable SimpleMessageListenerContainer container;

	MqttIngest(ConnectionFactory connections, DeviceLookup devices, TelemetryIngest ingest, MeterRegistry meters) {
		this.connections = connections;
		this.devices = devices;
		this.ingest = ingest;
		this.unknown = Counter.builder("cirrus.telemetry.mqtt.unknown")
			.description("MQTT publications from no device with active credentials, dropped")
			.register(meters);
	}

	@Bean
	Declarables mqttIngestDeclarables() {
		Queue queue = QueueBuilder.durable(QUEUE).build();
		// amq.topic exists in every virtual host and is never declared (the amq. prefix is the broker's).
		TopicExchange mqtt = new TopicExchange("amq.topic");
		return new Declarables(queue, BindingBuilder.bind(queue).to(mqtt).with("devices.*.telemetry"),
				BindingBuilder.bind(queue).to(mqtt).with("devices.*.heartbeat"));
	}

	void handle(Message message, Channel channel) {
		long tag = message.getMessageProperties().getDeliveryTag();
		String key = message.getMessageProperties().getReceivedRoutingKey();
		String[] parts = key == null ? new String[0] : key.split("\\.");
		Optional<AuthenticatedDevice> device = Optional.empty();
		if (parts.length == 3 && parts[0].equals("devices")) {
			try {
				device = devices.active(DeviceId.of(parts[1]));
			}
			catch (IllegalArgumentException e) {
				// not a device id
			}
		}
		if (device.isEmpty()) {
			unknown.increment();
			ack(channel, tag);
			return;
		}
		CompletableFuture<IngestResult> accepted = "heartbeat".equals(parts[2])
				? ingest.heartbeat(device.get(), IngestSource.MQTT)
				: ingest.accept(device.get(), message.getBody(), IngestSource.MQTT);
		accepted.whenComplete((result, failure) -> {
			Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
			if (cause == null || cause instanceof TelemetryRejected) {
				ack(channel, tag);
			}
			else {
				log.warn("MQTT message of device {} not ingested, back to the queue: {}", parts[1], cause.getMessage());
				CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> nack(channel, tag));
			}
		});
	}

	private static void ack(Channel channel, long tag) {
		try {
			channel.basicAck(tag, false);
		}
		catch (IOException | RuntimeException e) {
			// The channel closed: the broker redelivers the message to the next consumer.
			log.debug("Could not acknowledge MQTT message {}: {}", tag, e.getMessage());
		}
	}

	private static void nack(Channel channel, long tag) {
		try {
			channel.basicNack(tag, false, true);
		}
		catch (IOException | RuntimeException e) {
			log.debug("Could not return MQTT message {}: {}", tag, e.getMessage());
		}
	}

	@Override
	public void start() {
		SimpleMessageListenerContainer listener = new SimpleMessageListenerContainer(connections);
		listener.setQueueNames(QUEUE);
		listener.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		// Enough in flight to keep the Kafka producer's batches full; each unacknowledged message waits for its ack.
		listener.setPrefetchCount(1000);
		listener.setConcurrentConsumers(2);
		listener.setMissingQueuesFatal(false);
		listener.setRecoveryInterval(1000);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("mqtt-ingest-");
		executor.setVirtualThreads(true);
		listener.setTaskExecutor(executor);
		listener.setMessageListener((ChannelAwareMessageListener) this::handle);
		listener.afterPropertiesSet();
		listener.start();
		this.container = listener;
	}

	@Override
	public void stop() {
		SimpleMessageListenerContainer listener = container;
		if (listener != null) {
			listener.stop();
		}
		container = null;
	}

	@Override
	public boolean isRunning() {
		return container != null;
	}
}
