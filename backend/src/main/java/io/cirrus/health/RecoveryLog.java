package io.cirrus.health;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.internal.RecoveryLogStore;

/** What automatic recovery did: for a tenant, its devices and apps; for a platform admin, consumers and components. */
@Service
public class RecoveryLog {

	private final RecoveryLogStore store;

	RecoveryLog(RecoveryLogStore store) {
		this.store = store;
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public List<RecoveryAction> recent(int limit) {
		HealthScope.current();
		return store.recent(Math.min(Math.max(limit, 1), 500));
	}
}
