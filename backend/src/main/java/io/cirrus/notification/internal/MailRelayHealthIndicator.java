package io.cirrus.notification.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The SMTP relay under {@code mail} in {@code /actuator/health}, in place of Boot's indicator (disabled in
 * application.yml). E-mail is one channel among six and its deliveries wait in their queue and are retried, so an
 * unreachable relay is {@link #DEGRADED}, which the configured status order ranks below UP: the platform stays UP
 * and an operator still sees what to fix. Boot's indicator answered DOWN and took the whole application down with
 * it, for instance in the demo, which has no relay.
 */
@Component("mailHealthIndicator")
class MailRelayHealthIndicator implements HealthIndicator {

	/** A component that works in part; ranked below UP in {@code management.endpoint.health.status.order}. */
	static final Status DEGRADED = new Status("DEGRADED");

	private final JavaMailSenderImpl mail;

	MailRelayHealthIndicator(JavaMailSenderImpl mail) {
		this.mail = mail;
	}

	@Override
	public Health health() {
		String address = mail.getHost() + ":" + mail.getPort();
		try {
			mail.testConnection();
			return Health.up().withDetail("address", address).build();
		}
		catch (Exception e) {
			// Not the exception's text: it would tell an admin's screen nothing more than where we could not connect.
			return Health.status(DEGRADED)
				.withDetail("address", address)
				.withDetail("error", "the SMTP relay could not be reached")
				.withDetail("action", "E-mail deliveries wait in their queue and are retried. Set SPRING_MAIL_HOST and "
						+ "SPRING_MAIL_PORT (and SPRING_MAIL_USERNAME, SPRING_MAIL_PASSWORD) to your relay.")
				.build();
		}
	}
}
