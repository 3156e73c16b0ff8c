package io.cirrus.health.internal;

import javax.sql.DataSource;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;

/** Reconnect actions for the components Cirrus holds connections to. */
@Configuration(proxyBeanMethods = false)
class ComponentRecoveries {

	@Bean
	ComponentRecovery postgresRecovery(DataSource dataSource) {
		return recovery("PostgreSQL", () -> {
			if (dataSource instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
				hikari.getHikariPoolMXBean().softEvictConnections();
				return "evicted the connection pool's idle connections";
			}
			return "nothing to reset";
		});
	}

	@Bean
	ComponentRecovery rabbitRecovery(CachingConnectionFactory connections) {
		return recovery("RabbitMQ", () -> {
			connections.resetConnection();
			return "reset the AMQP connection; listeners and publishers reconnect";
		});
	}

	@Bean
	ComponentRecovery kafkaRecovery(KafkaAdminClient kafka) {
		return recovery("Kafka", () -> {
			kafka.reset();
			return "recreated the Kafka admin client";
		});
	}

	private static ComponentRecovery recovery(String component, Action action) {
		return new ComponentRecovery() {

			@Override
			public String component() {
				return component;
			}

			@Override
			public String attempt() throws Exception {
				return action.run();
			}
		};
	}

	@FunctionalInterface
	interface Action {

		String run() throws Exception;
	}
}
