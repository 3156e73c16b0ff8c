package io.cirrus.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.shared.TenantId;

/** Advice on the caller's dashboard: what is wrong and what to do, most pressing first. */
@Service
public class Recommendations {

	private static final Logger log = LoggerFactory.getLogger(Recommendations.class);

	private final List<RecommendationSource> sources;

	Recommendations(List<RecommendationSource> sources) {
		this.sources = sources;
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public List<Recommendation> current() {
		Optional<TenantId> tenant = HealthScope.current();
		List<Recommendation> advice = new ArrayList<>();
		for (RecommendationSource source : sources) {
			try {
				advice.addAll(tenant.isPresent() ? source.forTenant(tenant.get()) : source.forPlatform());
			}
			catch (RuntimeException e) {
				log.warn("Recommendation source {} failed: {}", source.getClass().getSimpleName(), e.getMessage());
			}
		}
		advice.sort(Comparator.comparing(Recommendation::severity));
		return advice;
	}
}
