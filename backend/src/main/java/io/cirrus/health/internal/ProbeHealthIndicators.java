package io.cirrus.health.internal;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cirrus.health.ComponentProbe;

/**
 * Kafka and Keycloak in {@code /actuator/health} (Boot already reports PostgreSQL and RabbitMQ), from the same
 * probes the status page uses.
 */
@Configuration(proxyBeanMethods = false)
class ProbeHealthIndicators {

	@Bean
	HealthIndicator kafkaHealthIndicator(List<ComponentProbe> probes) {
		return indicator(find(probes, "Kafka"));
	}

	@Bean
	HealthIndicator keycloakHealthIndicator(List<ComponentProbe> probes) {
		return indicator(find(probes, "Keycloak"));
	}

	private static ComponentProbe find(List<ComponentProbe> probes, String name) {
		return probes.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
	}

	private static HealthIndicator indicator(ComponentProbe probe) {
		return () -> {
			long start = System.nanoTime();
			try {
				String detail = probe.check();
				return Health.up()
					.withDetail("address", probe.address())
					.withDetail("detail", detail)
					.withDetail("latencyMs", (System.nanoTime() - start) / 1_000_000)
					.build();
			}
			catch (Exception e) {
				return Health.down().withDetail("address", probe.address()).withDetail("error", String.valueOf(e.getMessage())).build();
			}
		};
	}
}
