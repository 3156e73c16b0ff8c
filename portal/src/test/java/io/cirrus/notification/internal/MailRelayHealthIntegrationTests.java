package io.cirrus.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import tools.jackson.databind.JsonNode;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import io.cirrus.test.MailServer;

/**
 * An SMTP relay that cannot be reached leaves the platform UP: e-mail is one channel, its deliveries wait and are
 * retried. Boot's own mail indicator answered DOWN, and {@code /actuator/health} with it (503 in the demo).
 */
@CirrusIntegrationTest
class MailRelayHealthIntegrationTests {

	@Autowired
	StatusAggregator aggregator;

	@Test
	void anUnreachableRelayIsDegradedAndSaysWhatToSet() throws IOException {
		JavaMailSenderImpl unreachable = new JavaMailSenderImpl();
		unreachable.setHost("127.0.0.1");
		unreachable.setPort(freePort());
		Health health = new MailRelayHealthIndicator(unreachable).health();
		assertThat(health.getStatus()).isEqualTo(MailRelayHealthIndicator.DEGRADED);
		assertThat(health.getDetails()).containsEntry("error", "the SMTP relay could not be reached");
		assertThat(String.valueOf(health.getDetails().get("action"))).contains("SPRING_MAIL_HOST");
	}

	@Test
	void aReachableRelayIsUp() {
		MailServer.get();
		JavaMailSenderImpl relay = new JavaMailSenderImpl();
		relay.setHost("127.0.0.1");
		relay.setPort(MailServer.PORT);
		assertThat(new MailRelayHealthIndicator(relay).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void degradedLeavesTheWholeUpButDownStillWins() {
		assertThat(aggregator.getAggregateStatus(Status.UP, MailRelayHealthIndicator.DEGRADED, Status.UP))
			.isEqualTo(Status.UP);
		assertThat(aggregator.getAggregateStatus(Status.DOWN, MailRelayHealthIndicator.DEGRADED)).isEqualTo(Status.DOWN);
	}

	@Test
	void theHealthEndpointAnswersUpWithTheRelayUnderMail() {
		Answer anonymous = Api.get("/actuator/health", null);
		assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(200);
		assertThat(anonymous.json().path("status").asString()).isEqualTo("UP");
		Answer admin = Api.get("/actuator/health", Keycloak.token("platform-admin"));
		assertThat(admin.status()).as(admin.body()).isEqualTo(200);
		JsonNode mail = admin.json().path("components").path("mail");
		assertThat(mail.path("details").has("address")).as("this module's indicator, not Boot's: %s", mail).isTrue();
		assertThat(mail.path("details").path("address").asString()).endsWith(":" + MailServer.PORT);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
