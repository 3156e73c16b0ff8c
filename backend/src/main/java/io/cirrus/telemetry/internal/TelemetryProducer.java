package io.cirrus.telemetry.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;

/**
 * Writes telemetry records to the telemetry topic with its own producer: {@code acks=all} and idempotence (a
 * record acknowledged is on every in-sync replica, retries never duplicate it), linger and batch size tuned for many
 * small records from many concurrent requests.
 */
@Component
public class TelemetryProducer implements DisposableBean {


	/** The header of derived readings: how many derivations by apps led to them (absent: a device sent it). */
	public static final String HOPS = io.cirrus.telemetry.TelemetryIngest.HOPS;

	private final DefaultKafkaProducerFactory<String, byte[]> factory;

	private final KafkaTemplate<String, byte[]> template;

	private final String topic;

	TelemetryProducer(KafkaProperties kafka, TelemetryProperties properties, DeviceTrafficTopics topics) {
		this.factory = new DefaultKafkaProducerFactory<>(config(kafka, properties.ingest()), new StringSerializer(),
				new ByteArraySerializer());
		this.template = new KafkaTemplate<>(factory);
		this.topic = topics.telemetry();
	}

	/** The producer settings ingest uses; the benchmark's raw baseline uses the same. */
	public static Map<String, Object> config(KafkaProperties kafka, TelemetryProperties.Ingest ingest) {
		Map<String, Object> config = kafka.buildProducerProperties();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.put(ProducerConfig.LINGER_MS_CONFIG, ingest.lingerMs());
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, ingest.batchBytes());
		// Kafka gives up (and the device gets 503) within the ack timeout; delivery >= linger + request timeout.
		int delivery = (int) Math.max(ingest.ackTimeout().toMillis(), 2000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(delivery / 2, 30_000));
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ingest.ackTimeout().toMillis());
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "cirrus-telemetry-ingest");
		return config;
	}

	/**
	 * Sends the records of one message (one device) as one Kafka record, so that the message is stored whole or not
	 * at all; completes when Kafka acknowledged it, exceptionally when it did not.
	 */
	public CompletableFuture<Void> send(List<TelemetryRecord> records) {
		return template.send(topic, records.getFirst().key(), TelemetryRecordJson.write(records)).thenApply(r -> null);
	}

	/** Like {@link #send(List)}, for readings an app derived, with how many derivations led to them. */
	public CompletableFuture<Void> send(List<TelemetryRecord> records, int hops) {
		var record = new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(topic, null,
				records.getFirst().key(), TelemetryRecordJson.write(records));
		record.headers().add(HOPS, Integer.toString(hops).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		return template.send(record).thenApply(r -> null);
	}

	@Override
	public void destroy() {
		factory.destroy();
	}
}
