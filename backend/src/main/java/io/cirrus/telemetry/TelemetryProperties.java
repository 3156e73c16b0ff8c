package io.cirrus.telemetry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the telemetry module ({@code cirrus.telemetry.*}).
 *
 * @param topics the Kafka topics of device traffic
 */
@ConfigurationProperties("cirrus.telemetry")
public record TelemetryProperties(@DefaultValue Topics topics) {

	/**
	 * Kafka topics for device traffic, created at start when missing.
	 *
	 * @param prefix      first part of every topic and consumer group name, so that several installations (or a
	 *                    test run beside a running portal) can share one Kafka cluster
	 * @param partitions  partitions per topic: the upper bound of parallel consumers per group
	 * @param replication replication factor (1 on a single broker)
	 */
	public record Topics(@DefaultValue("cirrus") String prefix, @DefaultValue("6") int partitions,
			@DefaultValue("1") short replication) {

		/** Readings and heartbeats. */
		public String telemetry() {
			return prefix + ".device.telemetry";
		}

		/** Device events (status changes, command results). */
		public String events() {
			return prefix + ".device.events";
		}

		/** The consumer group of a role, e.g. {@code storage}. */
		public String group(String role) {
			return prefix + "." + role;
		}
	}
}
