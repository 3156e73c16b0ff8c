package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import io.cirrus.CirrusApplication;

/**
 * The jar started as an operator would, without the demo profile and without secrets: it stops before it connects
 * anywhere, naming what to set. (The tests themselves run with the test profile, which includes the demo.)
 */
class ProductionStartTests {

	@Test
	void withoutTheDemoProfileCirrusRefusesItsDemoCredentials() {
		assertThatThrownBy(() -> SpringApplication.run(CirrusApplication.class, "--server.port=0"))
			.hasStackTraceContaining("Cirrus will not start with public demo credentials")
			.hasStackTraceContaining("SPRING_DATASOURCE_PASSWORD")
			.hasStackTraceContaining("CIRRUS_IDENTITY_ADMIN_CLIENT_SECRET")
			.hasStackTraceContaining("./cirrus up");
	}

	@Test
	void theDemosValuesAreRefusedToo() {
		assertThatThrownBy(() -> SpringApplication.run(CirrusApplication.class, "--server.port=0",
				"--spring.datasource.password=cirrus_app", "--spring.rabbitmq.password=guest"))
			.hasStackTraceContaining("spring.datasource.password holds the demo's public value")
			.hasStackTraceContaining("spring.rabbitmq.password holds the demo's public value");
	}
}
