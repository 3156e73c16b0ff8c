package io.cirrus.app.ui;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cirrus.app.AppDeploymentChanged;

/**
 * Deployment changes made on this instance, told to the portal sessions showing the app's deployments once they are
 * committed, so the views update through server push at once (from a thread of their own, outside the
 * transaction and the security context of whoever made the change). A change made on another instance (a scheduled
 * deployment fires on whichever instance Quartz picks) reaches them through the views' own periodic check.
 */
@Component
class DeploymentUpdates {

	private static final Logger log = LoggerFactory.getLogger(DeploymentUpdates.class);

	private final Map<UUID, Set<Runnable>> listeners = new ConcurrentHashMap<>();

	/** Registers a listener of the app's changes; the returned handle removes it. */
	Runnable listen(UUID app, Runnable listener) {
		listeners.computeIfAbsent(app, k -> new CopyOnWriteArraySet<>()).add(listener);
		return () -> listeners.computeIfPresent(app, (k, set) -> {
			set.remove(listener);
			return set.isEmpty() ? null : set;
		});
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(AppDeploymentChanged event) {
		Set<Runnable> set = listeners.get(event.appId());
		if (set == null) {
			return;
		}
		// Off this thread: it may still hold the committed transaction's connection, whose tenant setting is gone
		// (a view reading through it would find nothing), and it may be the scheduler's.
		for (Runnable listener : set) {
			Thread.ofVirtual().name("deployment-update").start(() -> {
				try {
					listener.run();
				}
				catch (RuntimeException e) {
					log.debug("A deployment listener failed: {}", e.getMessage());
				}
			});
		}
	}
}
