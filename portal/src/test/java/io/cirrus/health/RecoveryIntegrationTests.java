package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.cirrus.test.Api;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * Automatic recovery on real brokers: a stopped consumer is restarted within the configured time and the action
 * is logged; a component that stays down raises a platform alarm with the recovery attempts so far, cleared when
 * it is back.
 */
@CirrusIntegrationTest
class RecoveryIntegrationTests {

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void aStoppedConsumerIsRestartedAndTheActionLogged() {
		MessageListenerContainer consumer = listeners.getListenerContainer("health-telemetry");
		assertThat(consumer).isNotNull();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(consumer::isRunning);

		Instant stopped = Instant.now();
		consumer.stop();

		// The test profile checks every second: restarted and logged within a few seconds.
		String platformAdmin = Keycloak.token("platform-admin");
		Awaitility.await("restart logged").atMost(Duration.ofSeconds(10)).until(() -> recoveryLog(platformAdmin).stream()
			.anyMatch(a -> a.get("target").asString().equals("kafka:health-telemetry")
					&& a.get("action").asString().equals("restart") && a.get("outcome").asString().equals("SUCCEEDED")
					&& Instant.parse(a.get("at").asString()).isAfter(stopped)));
		assertThat(consumer.isRunning()).isTrue();
		assertThat(Api.get("/api/v1/health/recovery", Keycloak.token("acme-admin")).body())
			.as("tenants never see the platform's recovery log")
			.doesNotContain("health-telemetry");
	}

	@Test
	void aComponentThatStaysDownRaisesAPlatformAlarmWithTheRecoveryAttempts() throws Exception {
		String platformAdmin = Keycloak.token("platform-admin");
		rabbit("stop_app");
		try {
			// Down for longer than the test profile's 4 s: a platform alarm with the attempts so far.
			JsonNode alarm = Awaitility.await("platform alarm").atMost(Duration.ofSeconds(40)).until(
					() -> componentAlarm(platformAdmin), found -> found != null
							&& found.get("details").path("recoveryAttempts").asInt() > 0);
			assertThat(alarm.get("entity").asString()).isEqualTo("RabbitMQ");
			assertThat(alarm.get("severity").asString()).isEqualTo("CRITICAL");
			assertThat(alarm.get("message").asString()).contains("Recovery attempts so far");
			assertThat(recoveryLog(platformAdmin)).anyMatch(a -> a.get("target").asString().equals("RabbitMQ"));
			assertThat(Api.get("/api/v1/alarms?state=ACTIVE", Keycloak.token("acme-admin")).body())
				.as("a tenant never sees platform alarms")
				.doesNotContain("RabbitMQ");
		}
		finally {
			rabbit("start_app");
		}
		Awaitility.await("platform alarm cleared").atMost(Duration.ofSeconds(60))
			.until(() -> componentAlarm(platformAdmin) == null);
	}

	private static JsonNode componentAlarm(String token) {
		return Api.get("/api/v1/alarms?state=ACTIVE", token)
			.json()
			.valueStream()
			.filter(a -> a.get("ruleName").asString().equals("Component down"))
			.findFirst()
			.orElse(null);
	}

	private static List<JsonNode> recoveryLog(String token) {
		return Api.get("/api/v1/health/recovery", token).json().valueStream().toList();
	}

	private static void rabbit(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("rabbitmqctl", "-n", "cirrus-test@localhost", command).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
	}
}
