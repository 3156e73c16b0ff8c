package io.cirrus.health.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import com.zaxxer.hikari.HikariDataSource;

import io.cirrus.health.ComponentProbe;
import io.cirrus.health.HealthProperties;
import io.cirrus.health.WatchedQueues;

/**
 * The five components of a Cirrus installation, each probed by a real round trip: PostgreSQL (a query), RabbitMQ
 * (a passive declare of the parked queue each module names, {@link WatchedQueues}), Kafka (a cluster description), Keycloak (the realm's discovery
 * document) and Cirrus itself (its own liveness endpoint over HTTP).
 */
@Configuration(proxyBeanMethods = false)
class Probes {

	@Bean
	ComponentProbe postgresProbe(DataSource dataSource) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		String address = dataSource instanceof HikariDataSource hikari ? hikari.getJdbcUrl() : "datasource";
		return probe("PostgreSQL", address, () -> jdbc.sql("show server_version").query(String.class).single());
	}

	@Bean
	ComponentProbe rabbitProbe(CachingConnectionFactory connections, ObjectProvider<WatchedQueues> queues) {
		String address = connections.getHost() + ":" + connections.getPort();
		return probe("RabbitMQ", address, () -> {
			try (Connection connection = connections.createConnection()) {
				var channel = connection.createChannel(false);
				try {
					for (WatchedQueues watched : queues.orderedStream().toList()) {
						channel.queueDeclarePassive(watched.parkedQueue());
					}
				}
				finally {
					channel.close();
				}
				Object version = connection.getDelegate().getServerProperties().get("version");
				return "RabbitMQ " + version;
			}
		});
	}

	@Bean
	ComponentProbe kafkaProbe(KafkaAdminClient kafka) {
		return probe("Kafka", kafka.bootstrapServers(), () -> {
			int brokers = kafka.admin().describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
			return brokers + (brokers == 1 ? " broker" : " brokers");
		});
	}

	@Bean
	ComponentProbe keycloakProbe(HealthProperties properties) {
		RestClient http = RestClient.builder().requestFactory(timeouts(properties.probeTimeout())).build();
		String url = properties.keycloakRealmUrl() + "/.well-known/openid-configuration";
		return probe("Keycloak", properties.keycloakRealmUrl().toString(), () -> {
			var discovery = http.get().uri(url).retrieve().body(java.util.Map.class);
			return "issuer " + (discovery == null ? "?" : discovery.get("issuer"));
		});
	}

	@Bean
	ComponentProbe cirrusProbe(Environment environment, HealthProperties properties) {
		RestClient http = RestClient.builder().requestFactory(timeouts(properties.probeTimeout())).build();
		return new ComponentProbe() {

			@Override
			public String name() {
				return "Cirrus";
			}

			@Override
			public String address() {
				return "http://localhost:" + port();
			}

			@Override
			public String check() {
				http.get().uri(address() + "/actuator/health/liveness").retrieve().toBodilessEntity();
				MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
				Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
				return "up " + uptime.toMinutes() + " min, heap " + (heap.getUsed() >> 20) + "/" + (heap.getMax() >> 20)
						+ " MiB";
			}

			private String port() {
				return environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
			}
		};
	}

	private static SimpleClientHttpRequestFactory timeouts(Duration timeout) {
		SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
		factory.setConnectTimeout(timeout);
		factory.setReadTimeout(timeout);
		return factory;
	}

	private static ComponentProbe probe(String name, String address, Check check) {
		return new ComponentProbe() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public String address() {
				return address;
			}

			@Override
			public String check() throws Exception {
				return check.run();
			}
		};
	}

	@FunctionalInterface
	interface Check {

		String run() throws Exception;
	}
}
