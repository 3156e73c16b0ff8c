package io.cirrus.health.internal;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * The health consumer's container factory: batches of JSON records (UTF-8 bytes), starting at the end of the log
 * for a new group (health is about now, not history), two consumers.
 */
@Configuration(proxyBeanMethods = false)
class HealthKafkaConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> healthListenerFactory(KafkaProperties kafka) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		// Fuller polls under load (health is judged over seconds; 50 ms more is nothing), fewer commits.
		config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
		var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
		// Values as bytes: the listener parses the UTF-8 JSON itself, without decoding it into a String first.
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
		factory.setBatchListener(true);
		factory.setConcurrency(2);
		// Offsets only say where to go on after a restart ("latest" for a new group): no need to wait for each commit.
		factory.getContainerProperties().setSyncCommits(false);
		return factory;
	}
}
