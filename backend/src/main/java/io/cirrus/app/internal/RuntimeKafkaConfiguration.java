package io.cirrus.app.internal;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.cirrus.app.AppRuntimeProperties;

/**
 * The apps runtime's consumers: batches, committed asynchronously after each batch (the stored positions are the
 * truth, Kafka's committed offsets serve lag monitoring), a new group starting at the end of the
 * log, and the range assignor, which gives partition N of the telemetry topic and of the device-events topic (same
 * partition count, same keys) to the same consumer: a device's readings and events meet the same state.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AppRuntimeProperties.class)
class RuntimeKafkaConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> appRuntimeListenerFactory(KafkaProperties kafka,
			AppRuntimeProperties properties) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
		config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(RangeAssignor.class.getName()));
		var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
		factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
		factory.setBatchListener(true);
		factory.setConcurrency(properties.concurrency());
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		// Committed offsets only show the lag (the stored positions are the truth): the consumer need not wait for them.
		factory.getContainerProperties().setSyncCommits(false);
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
		backOff.setMaxInterval(10_000);
		factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
		return factory;
	}
}
