package io.cirrus.health;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the health module ({@code cirrus.health.*}).
 *
 * @param probeTimeout how long a component may take to answer before it counts as down
 * @param keycloakRealmUrl the realm URL to probe Keycloak with (server-to-server)
 */
@ConfigurationProperties("cirrus.health")
public record HealthProperties(@DefaultValue("3s") Duration probeTimeout,
		@DefaultValue("http://localhost:8180/realms/cirrus") URI keycloakRealmUrl) {
}
