package io.cirrus.telemetry;

import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the Kafka topics of device traffic with the configured partition count; Spring's {@link KafkaAdmin}
 * creates the missing ones at start (and adds partitions when the configuration grows).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TelemetryProperties.class)
public class DeviceTrafficTopics {

	private final TelemetryProperties.Topics topics;

	DeviceTrafficTopics(TelemetryProperties properties) {
		this.topics = properties.topics();
	}

	/** Names of every device-traffic topic, for status pages. */
	public List<String> names() {
		return List.of(topics.telemetry(), topics.events());
	}

	/** The readings and heartbeats topic. */
	public String telemetry() {
		return topics.telemetry();
	}

	/** The device events topic. */
	public String events() {
		return topics.events();
	}

	/** The consumer group of a role, e.g. {@code storage}. */
	public String group(String role) {
		return topics.group(role);
	}

	/** The {@code tenant:device} key every device-traffic record carries. */
	public static String key(io.cirrus.shared.TenantId tenant, String device) {
		return tenant + ":" + device;
	}

	@Bean
	KafkaAdmin.NewTopics deviceTrafficNewTopics() {
		return new KafkaAdmin.NewTopics(topic(topics.telemetry()), topic(topics.events()));
	}

	private NewTopic topic(String name) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replication()).build();
	}
}
