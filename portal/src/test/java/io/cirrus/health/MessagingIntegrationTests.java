package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import io.cirrus.notification.NotificationTopology;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;

/** The declared messaging carries messages: one through each Kafka topic and the notification queues. */
@CirrusIntegrationTest
class MessagingIntegrationTests {

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	DeviceTrafficTopics topics;

	@Autowired
	RabbitTemplate rabbit;

	@Test
	void aRecordTravelsThroughEachDeviceTrafficTopicKeyedByTenantAndDevice() throws Exception {
		String key = DeviceTrafficTopics.key(TenantId.random(), "probe-" + UUID.randomUUID());
		for (String topic : topics.names()) {
			kafka.send(topic, key, "{\"probe\":\"" + key + "\"}").get();
			try (KafkaConsumer<String, String> consumer = consumer()) {
				consumer.subscribe(List.of(topic));
				List<ConsumerRecord<String, String>> found = new ArrayList<>();
				long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (found.isEmpty() && System.nanoTime() < deadline) {
					consumer.poll(Duration.ofMillis(500)).forEach(r -> {
						if (key.equals(r.key())) {
							found.add(r);
						}
					});
				}
				assertThat(found).as("record on " + topic).hasSize(1);
				assertThat(found.getFirst().value()).contains(key);
			}
		}
	}

	@Autowired
	io.cirrus.notification.internal.DeliveryWorkers workers;

	@Test
	void notificationQueuesAreDurablePriorityQueues() {
		// The in-portal workers would consume (and park) these probe messages: pause them meanwhile. Not auto-started
		// means "meant to be stopped", so the recovery loop leaves them alone.
		var inbox = workers.container("inbox");
		inbox.setAutoStartup(false);
		inbox.stop();
		try {
			probePriorities();
		}
		finally {
			inbox.setAutoStartup(true);
			inbox.start();
		}
	}

	private void probePriorities() {
		String queue = NotificationTopology.queue("inbox");
		rabbit.execute(channel -> channel.queuePurge(queue));
		String run = UUID.randomUUID().toString();
		// One channel for all six (invoke): order is only guaranteed among messages of the same channel.
		rabbit.invoke(template -> {
			for (int i = 0; i < 5; i++) {
				template.send(NotificationTopology.EXCHANGE, "inbox", message(run, "normal-" + i, 1));
			}
			template.send(NotificationTopology.EXCHANGE, "inbox", message(run, "urgent", 3));
			return null;
		});
		Await.until("all six in the queue", Duration.ofSeconds(5),
				() -> rabbit.execute(channel -> channel.messageCount(queue)) == 6);

		Message first = get(queue);
		assertThat(first).isNotNull();
		assertThat(new String(first.getBody())).isEqualTo("urgent");
		assertThat(first.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		for (int i = 0; i < 5; i++) {
			Message next = get(queue);
			assertThat(next).isNotNull();
			assertThat(new String(next.getBody())).isEqualTo("normal-" + i);
		}
	}

	/**
	 * One message by basic.get: nothing is prefetched, so nothing is requeued behind the others (a consuming receive
	 * with a timeout may take more than one and put the rest back out of order).
	 */
	private Message get(String queue) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		Message message = rabbit.receive(queue);
		while (message == null && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
			message = rabbit.receive(queue);
		}
		return message;
	}

	private static Message message(String run, String body, int priority) {
		return MessageBuilder.withBody(body.getBytes())
			.setPriority(priority)
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setCorrelationId(run)
			.build();
	}

	private KafkaConsumer<String, String> consumer() {
		Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "messaging-test-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
	}
}
