package io.cirrus.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on port 18080 (a redirect URI the realm knows), against the real PostgreSQL, RabbitMQ,
 * Kafka and Keycloak that {@code ./cirrus test} starts. Every test class with this annotation shares one Spring
 * context (so the class must add nothing that changes the context: shared test beans go here).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
@ExtendWith(RequiredServices.class)
@Import(RecordedEvents.class)
public @interface CirrusIntegrationTest {

	/** Where the application under test listens. */
	String BASE_URL = "http://localhost:18080";
}
