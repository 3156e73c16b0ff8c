package io.cirrus.shared;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Cirrus refuses to start outside the demo with a secret that is missing or is one of the demo's, which are public
 * (they are in this repository). It runs before any bean, so nothing connects anywhere with them, and it names
 * every property at fault with the environment variable to set. The demo ({@code ./cirrus up}) and the tests run
 * with the {@code demo} profile, whose values are in {@code application-demo.yml}.
 */
public class ProductionSecrets implements EnvironmentPostProcessor {

	/** The profile that carries the demo's public credentials. */
	public static final String DEMO = "demo";

	/** A secret Cirrus needs, and the values it must not have outside the demo. */
	record Secret(String property, String variable, Set<String> demoValues) {
	}

	static final List<Secret> SECRETS = List.of(
			new Secret("spring.datasource.password", "SPRING_DATASOURCE_PASSWORD", Set.of("cirrus_app", "cirrus")),
			new Secret("spring.flyway.password", "SPRING_FLYWAY_PASSWORD", Set.of("cirrus", "cirrus_app")),
			new Secret("spring.rabbitmq.password", "SPRING_RABBITMQ_PASSWORD", Set.of("guest", "cirrus")),
			new Secret("cirrus.identity.portal.client-secret", "CIRRUS_IDENTITY_PORTAL_CLIENT_SECRET",
					Set.of("cirrus-portal-secret")),
			new Secret("cirrus.identity.admin.client-secret", "CIRRUS_IDENTITY_ADMIN_CLIENT_SECRET",
					Set.of("cirrus-admin-secret")),
			new Secret("cirrus.notification.audio.signing-key", "CIRRUS_NOTIFICATION_AUDIO_SIGNING_KEY",
					Set.of("change-me-cirrus-audio-link-key")),
			new Secret("cirrus.secrets.key", "CIRRUS_SECRETS_KEY", Set.of("demo:Y2lycnVzLWRlbW8tc2VjcmV0cy1rZXktcHVibGljISE=")));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.acceptsProfiles(Profiles.of(DEMO))) {
			return;
		}
		List<String> problems = problems(environment);
		if ("guest".equals(environment.getProperty("spring.rabbitmq.username"))) {
			problems.add("spring.rabbitmq.username is RabbitMQ's default user 'guest': set SPRING_RABBITMQ_USERNAME "
					+ "to a user of your own");
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Cirrus will not start with public demo credentials outside the demo "
					+ "(active profiles: " + Arrays.toString(environment.getActiveProfiles()) + "):\n  - "
					+ String.join("\n  - ", problems)
					+ "\nFor the demo on this machine run './cirrus up' (it starts Cirrus with the 'demo' profile).");
		}
	}

	static List<String> problems(ConfigurableEnvironment environment) {
		List<String> problems = new ArrayList<>();
		for (Secret secret : SECRETS) {
			String value = environment.getProperty(secret.property());
			if (value == null || value.isBlank()) {
				problems.add(secret.property() + " is not set: set " + secret.variable());
			}
			else if (value.startsWith("replace-with")) {
				problems.add(secret.property() + " holds the placeholder of docker/.env.example: set " + secret.variable()
						+ " to a secret of your own");
			}
			else if (secret.demoValues().contains(value)) {
				problems.add(secret.property() + " holds the demo's public value: set " + secret.variable()
						+ " to a secret of your own");
			}
		}
		return problems;
	}
}
