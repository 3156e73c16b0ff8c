package io.cirrus.health.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.health.HealthDashboard;
import io.cirrus.health.HealthHistory;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.PlatformHealthSummary;
import io.cirrus.health.Recommendation;
import io.cirrus.health.Recommendations;
import io.cirrus.health.RecoveryAction;
import io.cirrus.health.RecoveryLog;
import io.cirrus.health.Series;
import io.cirrus.health.TenantHealthSummary;
import io.cirrus.health.TimeRange;
import io.cirrus.shared.CirrusException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/health")
@Tag(name = "Health", description = "Dashboards, history, recommendations and recovery")
class HealthController {

	private final HealthDashboard dashboard;

	private final HealthHistory history;

	private final Recommendations recommendations;

	private final RecoveryLog recoveryLog;

	HealthController(HealthDashboard dashboard, HealthHistory history, Recommendations recommendations,
			RecoveryLog recoveryLog) {
		this.dashboard = dashboard;
		this.history = history;
		this.recommendations = recommendations;
		this.recoveryLog = recoveryLog;
	}

	@GetMapping("/tenant")
	@Operation(summary = "The caller's tenant at a glance")
	TenantHealthSummary tenant() {
		return dashboard.tenant();
	}

	@GetMapping("/platform")
	@Operation(summary = "The platform at a glance (platform-admin)")
	PlatformHealthSummary platform() {
		return dashboard.platform();
	}

	@GetMapping("/series")
	@Operation(summary = "A metric over 1 h, 24 h or 7 d, downsampled on the server",
			description = "metric: a key such as telemetry.rate or devices.offline (tenant) or queue.depth (platform); range: HOUR, DAY or WEEK")
	List<Series> series(@RequestParam String metric, @RequestParam(defaultValue = "HOUR") TimeRange range) {
		HealthMetric known = HealthMetric.ofKey(metric)
			.orElseThrow(() -> CirrusException.invalidField("metric", "is not a health metric"));
		return history.series(known, range);
	}

	@GetMapping("/recommendations")
	@Operation(summary = "Advice for the caller's tenant (or the platform), most pressing first")
	List<Recommendation> recommendations() {
		return recommendations.current();
	}

	@GetMapping("/recovery")
	@Operation(summary = "Recent automatic recovery actions")
	List<RecoveryAction> recovery(@RequestParam(defaultValue = "50") int limit) {
		return recoveryLog.recent(limit);
	}
}
