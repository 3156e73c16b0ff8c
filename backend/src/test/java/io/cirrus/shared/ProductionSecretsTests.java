package io.cirrus.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Which environments the guard lets start, on Spring's own environment and profile resolution. */
class ProductionSecretsTests {

	private final ProductionSecrets guard = new ProductionSecrets();

	@Test
	void refusesMissingDemoAndPlaceholderSecretsNamingEachVariable() {
		Map<String, Object> values = ownSecrets();
		values.remove("spring.datasource.password");
		values.put("cirrus.identity.portal.client-secret", "cirrus-portal-secret");
		values.put("cirrus.notification.audio.signing-key", "replace-with-a-secret");
		values.put("spring.rabbitmq.username", "guest");
		assertThatThrownBy(() -> guard.postProcessEnvironment(environment(values), new SpringApplication()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("spring.datasource.password is not set: set SPRING_DATASOURCE_PASSWORD")
			.hasMessageContaining("cirrus.identity.portal.client-secret holds the demo's public value: set "
					+ "CIRRUS_IDENTITY_PORTAL_CLIENT_SECRET")
			.hasMessageContaining("cirrus.notification.audio.signing-key holds the placeholder")
			.hasMessageContaining("SPRING_RABBITMQ_USERNAME")
			.hasMessageNotContaining("SPRING_FLYWAY_PASSWORD");
	}

	@Test
	void refusesTheDemosSecretsKeyOutsideTheDemo() throws Exception {
		String demoYml = java.nio.file.Files.readString(java.nio.file.Path.of("../portal/src/main/resources/application-demo.yml"));
		String demoKey = demoYml.substring(demoYml.indexOf("key: \"") + 6, demoYml.indexOf('"', demoYml.indexOf("key: \"") + 6));
		assertThat(demoKey).startsWith("demo:");
		Map<String, Object> values = ownSecrets();
		values.put("cirrus.secrets.key", demoKey);
		assertThatThrownBy(() -> guard.postProcessEnvironment(environment(values), new SpringApplication()))
			.hasMessageContaining("cirrus.secrets.key holds the demo's public value: set CIRRUS_SECRETS_KEY");
		values.remove("cirrus.secrets.key");
		assertThatThrownBy(() -> guard.postProcessEnvironment(environment(values), new SpringApplication()))
			.hasMessageContaining("cirrus.secrets.key is not set: set CIRRUS_SECRETS_KEY");
	}

	@Test
	void startsWithSecretsOfItsOwn() {
		assertThatCode(() -> guard.postProcessEnvironment(environment(ownSecrets()), new SpringApplication()))
			.doesNotThrowAnyException();
	}

	@Test
	void theDemoMayUseTheDemosCredentials() {
		StandardEnvironment environment = environment(Map.of());
		environment.setActiveProfiles("demo");
		assertThatCode(() -> guard.postProcessEnvironment(environment, new SpringApplication())).doesNotThrowAnyException();
	}

	@Test
	void everySecretHasItsEnvironmentVariable() {
		for (ProductionSecrets.Secret secret : ProductionSecrets.SECRETS) {
			// Spring binds CLIENT_SECRET as well as CLIENTSECRET to client-secret.
			assertThat(secret.variable().replace("_", ""))
				.isEqualTo(secret.property().toUpperCase().replace(".", "").replace("-", ""));
		}
	}

	private static Map<String, Object> ownSecrets() {
		Map<String, Object> values = new HashMap<>();
		for (ProductionSecrets.Secret secret : ProductionSecrets.SECRETS) {
			values.put(secret.property(), "s3cret-" + secret.variable().toLowerCase());
		}
		values.put("spring.rabbitmq.username", "cirrus");
		return values;
	}

	private static StandardEnvironment environment(Map<String, Object> values) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(values)));
		return environment;
	}
}
