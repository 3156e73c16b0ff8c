package io.cirrus.telemetry.internal;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.cirrus.telemetry.TelemetryProperties;

/**
 * The storage consumer's container factory: big batches (one transaction each), from the beginning of the log for
 * a new group (every accepted reading is stored), offsets committed after the listener returned, and a failed batch
 * retried without end (with back-off) rather than skipped: storage never loses what Kafka acknowledged. (Records
 * PostgreSQL refuses for their data never reach the back-off: the listener parks them, see {@link StorageListener}.)
 */
@Configuration(proxyBeanMethods = false)
class TelemetryKafkaConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> telemetryStorageListenerFactory(KafkaProperties kafka,
			TelemetryProperties properties) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.storage().maxPollRecords());
		// Let batches fill under load instead of polling a few records at a time: each batch is one transaction with
		// its fixed costs (commit and WAL flush, offsets, sightings), and storage that falls behind catches up faster
		// with bigger ones. A reading is stored at most 200 ms later for it.
		config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
		config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
		var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
		// Values as bytes: the listener parses the UTF-8 JSON itself, without decoding it into a String first.
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
		factory.setBatchListener(true);
		factory.setConcurrency(properties.storage().concurrency());
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
		backOff.setMaxInterval(10_000);
		factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
		return factory;
	}
}
