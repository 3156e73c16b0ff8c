package io.cirrus.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.TenantId;

/** Advice on the caller's dashboard: what is wrong and what to do, most pressing first. */
@Service
public class Recommendations {

	private static final Logger log = LoggerFactory.getLogger(Recommendations.class);

	private final List<RecommendationSource> sources;

	private final TransactionTemplate transactions;

	Recommendations(List<RecommendationSource> sources, TransactionTemplate transactions) {
		this.sources = sources;
		// Each source in its own read-only transaction: one that fails does not spoil the others' answers.
		this.transactions = new TransactionTemplate(transactions.getTransactionManager());
		this.transactions.setReadOnly(true);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@PreAuthorize("isAuthenticated()")
	public List<Recommendation> current() {
		Optional<TenantId> tenant = HealthScope.current();
		List<Recommendation> advice = new ArrayList<>();
		for (RecommendationSource source : sources) {
			try {
				advice.addAll(transactions.execute(
						tx -> tenant.isPresent() ? source.forTenant(tenant.get()) : source.forPlatform()));
			}
			catch (RuntimeException e) {
				log.warn("Recommendation source {} failed: {}", source.getClass().getSimpleName(), e.getMessage());
			}
		}
		advice.sort(Comparator.comparing(Recommendation::severity));
		return advice;
	}
}
