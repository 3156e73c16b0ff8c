package io.cirrus.health;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the health module ({@code cirrus.health.*}).
 *
 * @param probeTimeout      how long a component may take to answer before it counts as down
 * @param keycloakRealmUrl  the realm URL to probe Keycloak with (server-to-server)
 * @param sampleInterval    how often metrics are sampled into history
 * @param retention         how long samples, cleared alarms and recovery actions are kept
 * @param recovery          automatic recovery
 * @param platform          built-in checks of the platform's components
 * @param devices           device health: reporting figures, advice and device recovery
 */
@ConfigurationProperties("cirrus.health")
public record HealthProperties(@DefaultValue("3s") Duration probeTimeout,
		@DefaultValue("http://localhost:8180/realms/cirrus") URI keycloakRealmUrl,
		@DefaultValue("15s") Duration sampleInterval, @DefaultValue("8d") Duration retention,
		@DefaultValue Recovery recovery, @DefaultValue Platform platform, @DefaultValue Devices devices) {

	/**
	 * Automatic recovery.
	 *
	 * @param interval       how often consumers and components are checked
	 * @param initialBackoff wait before the second attempt on the same target; doubles with each attempt
	 * @param maxBackoff     the longest wait between attempts
	 * @param stallAfter     a consumer whose lag grows without progress for this long is restarted
	 */
	public record Recovery(@DefaultValue("5s") Duration interval, @DefaultValue("5s") Duration initialBackoff,
			@DefaultValue("5m") Duration maxBackoff, @DefaultValue("2m") Duration stallAfter) {
	}

	/**
	 * Built-in platform checks.
	 *
	 * @param componentDownFor a component down this long raises a platform alarm
	 * @param lagAbove         consumer lag (records) above which, held for {@code lagFor}, a platform alarm is raised
	 * @param lagFor           how long lag must stay above {@code lagAbove}
	 */
	public record Platform(@DefaultValue("60s") Duration componentDownFor, @DefaultValue("100000") long lagAbove,
			@DefaultValue("5m") Duration lagFor) {
	}

	/**
	 * Device health.
	 *
	 * @param reportingFlush     how often measured reporting intervals are written
	 * @param offlineAdviceAfter a device silent this long gets a recommendation
	 * @param rebootTtl          how long a recovery reboot command waits for its device
	 */
	public record Devices(@DefaultValue("10s") Duration reportingFlush, @DefaultValue("1h") Duration offlineAdviceAfter,
			@DefaultValue("10m") Duration rebootTtl) {
	}
}
