package io.cirrus.health;

import java.util.List;

import io.cirrus.shared.TenantId;

/**
 * A rule that maps symptoms to advice. One bean per symptom family (devices offline, consumer lag, failing webhooks,
 * ...); a source answers for a tenant (bound by the caller) or for the platform.
 */
public interface RecommendationSource {

	default List<Recommendation> forTenant(TenantId tenant) {
		return List.of();
	}

	default List<Recommendation> forPlatform() {
		return List.of();
	}
}
