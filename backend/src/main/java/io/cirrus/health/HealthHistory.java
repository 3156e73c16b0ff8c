package io.cirrus.health;

import java.time.Clock;
import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.internal.SampleStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;

/**
 * Charts of health over time: a tenant sees its tenant metrics; a platform admin outside any tenant sees the
 * platform metrics. Downsampled on the server to the range's bucket (60 points an hour, 96 a day, 168 a week).
 */
@Service
public class HealthHistory {

	private final SampleStore samples;

	private final Clock clock;

	HealthHistory(SampleStore samples, Clock clock) {
		this.samples = samples;
		this.clock = clock;
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public List<Series> series(HealthMetric metric, TimeRange range) {
		boolean platform = HealthScope.current().isEmpty();
		if (platform != (metric.scope() == HealthMetric.Scope.PLATFORM)) {
			throw new CirrusException(Problems.FORBIDDEN, platform
					? "'" + metric.key() + "' is a tenant metric; platform admins see platform metrics."
					: "'" + metric.key() + "' is a platform metric; only platform admins see it.");
		}
		return samples.series(metric, range, clock.instant());
	}
}
