package io.cirrus.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.internal.AlarmStore;
import io.cirrus.health.internal.ComponentChecks;
import io.cirrus.health.internal.MessagingInventory;
import io.cirrus.health.internal.RecoveryLogStore;
import io.cirrus.health.internal.SampleStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantId;

/**
 * The numbers of the health dashboards. A tenant's come from sampled aggregates (one indexed query per figure,
 * whatever the number of devices); the platform's from live probes plus samples.
 */
@Service
public class HealthDashboard {

	private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

	private final SampleStore samples;

	private final AlarmStore alarms;

	private final Recommendations recommendations;

	private final ComponentChecks components;

	private final MessagingInventory messaging;

	private final RecoveryLogStore recoveryLog;

	private final HealthProperties properties;

	private final List<AppHealthSource> apps;

	private final Clock clock;

	HealthDashboard(SampleStore samples, AlarmStore alarms, Recommendations recommendations, ComponentChecks components,
			MessagingInventory messaging, RecoveryLogStore recoveryLog, HealthProperties properties,
			List<AppHealthSource> apps, Clock clock) {
		this.samples = samples;
		this.alarms = alarms;
		this.recommendations = recommendations;
		this.components = components;
		this.messaging = messaging;
		this.recoveryLog = recoveryLog;
		this.properties = properties;
		this.apps = apps;
		this.clock = clock;
	}

	/** The caller's tenant. */
	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public TenantHealthSummary tenant() {
		Optional<TenantId> tenant = HealthScope.current();
		if (tenant.isEmpty()) {
			throw new CirrusException(Problems.NO_TENANT, "The tenant dashboard is for members of a tenant; platform admins open the platform dashboard.");
		}
		Instant now = clock.instant();
		Duration gaugeWindow = properties.sampleInterval().multipliedBy(3);
		return new TenantHealthSummary(sum(HealthMetric.TELEMETRY_RATE, RATE_WINDOW, now),
				(long) sum(HealthMetric.DEVICES_ONLINE, gaugeWindow, now),
				(long) sum(HealthMetric.DEVICES_OFFLINE, gaugeWindow, now),
				(long) sum(HealthMetric.DEVICES_STALE, gaugeWindow, now), alarms.activeBySeverity(),
				sum(HealthMetric.NOTIFICATIONS_DELIVERED, RATE_WINDOW, now),
				sum(HealthMetric.NOTIFICATIONS_FAILED, RATE_WINDOW, now),
				(long) sum(HealthMetric.NOTIFICATIONS_PARKED, gaugeWindow, now), recommendations.current(),
				apps(tenant.get()), now);
	}

	/** The platform, for platform admins. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	@Transactional(readOnly = true)
	public PlatformHealthSummary platform() {
		if (HealthScope.current().isPresent()) {
			throw new CirrusException(Problems.FORBIDDEN, "The platform dashboard is for platform admins outside any tenant.");
		}
		Instant now = clock.instant();
		Map<String, Double> load = samples.current(HealthMetric.TENANT_TELEMETRY_RATE, RATE_WINDOW, now);
		return new PlatformHealthSummary(components.checkAll(), messaging.status(), load, alarms.list(true, 100),
				recoveryLog.recent(50), recommendations.current(), now);
	}

	private List<AppHealth> apps(TenantId tenant) {
		List<AppHealth> all = new ArrayList<>();
		apps.forEach(source -> all.addAll(source.apps(tenant)));
		return all;
	}

	private double sum(HealthMetric metric, Duration window, Instant now) {
		return samples.current(metric, window, now).values().stream().mapToDouble(Double::doubleValue).sum();
	}
}
