package io.cirrus.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The platform at a glance for platform admins.
 *
 * @param components      each component, probed now
 * @param messaging       topics, queues and consumer lag, now
 * @param tenantLoad      telemetry messages per second per tenant (alias) over the last minute
 * @param activeAlarms    active platform alarms
 * @param recoveries      the latest recovery actions
 * @param recommendations advice, most pressing first
 * @param at              when this was computed
 */
public record PlatformHealthSummary(List<ComponentStatus> components, MessagingStatus messaging,
		Map<String, Double> tenantLoad, List<Alarm> activeAlarms, List<RecoveryAction> recoveries,
		List<Recommendation> recommendations, Instant at) {
}
