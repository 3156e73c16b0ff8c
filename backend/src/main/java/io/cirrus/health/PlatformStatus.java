package io.cirrus.health;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.cirrus.health.internal.ComponentChecks;
import io.cirrus.health.internal.MessagingInventory;
import io.cirrus.shared.Roles;

/**
 * The platform as a platform admin sees it right now: every component probed in parallel with its round-trip
 * latency, and the declared topics and queues with what the brokers say about them.
 */
@Service
@EnableConfigurationProperties(HealthProperties.class)
public class PlatformStatus {

	private final ComponentChecks components;

	private final MessagingInventory messaging;

	PlatformStatus(ComponentChecks components, MessagingInventory messaging) {
		this.components = components;
		this.messaging = messaging;
	}

	/** Probes every component at once; a component that does not answer within the timeout is down. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public List<ComponentStatus> components() {
		return components.checkAll();
	}

	/** Topics, queues and consumer lag as the brokers report them. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public MessagingStatus messaging() {
		return messaging.status();
	}
}
