package io.cirrus.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's health at a glance, from the server's aggregates (never computed per device in the browser).
 *
 * @param messagesPerSecond       telemetry over the last minute
 * @param devicesOnline           devices reporting within their profile's timeout
 * @param devicesOffline          devices past their inactivity timeout
 * @param devicesStale            online devices late on their expected reporting interval
 * @param activeAlarms            active alarms per severity
 * @param deliveredPerMinute      notification deliveries in the last minute
 * @param failedPerMinute         failed notification deliveries in the last minute
 * @param parkedNotifications     notifications parked after their last attempt
 * @param recommendations         advice, most pressing first
 * @param apps                    the tenant's running and paused apps: state, consumer lag, errors
 * @param at                      when this was computed
 */
public record TenantHealthSummary(double messagesPerSecond, long devicesOnline, long devicesOffline, long devicesStale,
		Map<Severity, Long> activeAlarms, double deliveredPerMinute, double failedPerMinute, long parkedNotifications,
		List<Recommendation> recommendations, List<AppHealth> apps, Instant at) {
}
