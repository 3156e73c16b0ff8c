package io.cirrus.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.TelemetryRecord;
import tools.jackson.databind.json.JsonMapper;

/** Puts device readings on the real telemetry topic, as ingest does, and waits for consumers to be ready. */
public final class DeviceTraffic {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KafkaTemplate<Object, Object> kafka;

	private final DeviceTrafficTopics topics;

	public DeviceTraffic(KafkaTemplate<Object, Object> kafka, DeviceTrafficTopics topics) {
		this.kafka = kafka;
		this.topics = topics;
	}

	/** Writes a reading to the telemetry topic as ingest would; answers where Kafka put it. */
	public org.apache.kafka.clients.producer.RecordMetadata reading(TenantId tenant, DeviceId device, Map<String, Object> values) {
		TelemetryRecord record = new TelemetryRecord(tenant, device, TelemetryRecord.Kind.TELEMETRY, Instant.now(),
				Instant.now(), values);
		try {
			return kafka.send(topics.telemetry(), record.key(), JSON.writeValueAsString(record)).get(10, TimeUnit.SECONDS)
				.getRecordMetadata();
		}
		catch (Exception e) {
			throw new IllegalStateException("Kafka did not take the reading", e);
		}
	}

	/** Waits until a listener container has partitions assigned (a new group reads from the end of the log). */
	public static void awaitAssigned(KafkaListenerEndpointRegistry registry, String listenerId) {
		Awaitility.await("partitions assigned to " + listenerId).atMost(Duration.ofSeconds(60)).until(() -> {
			MessageListenerContainer container = registry.getListenerContainer(listenerId);
			return container != null && container.isRunning() && container.getAssignedPartitions() != null
					&& !container.getAssignedPartitions().isEmpty();
		});
	}
}
