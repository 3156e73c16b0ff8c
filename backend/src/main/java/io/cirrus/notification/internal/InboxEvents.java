package io.cirrus.notification.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantId;

/**
 * Live inbox updates inside this instance: portal sessions register for their user and hear when an inbox entry
 * was delivered or read, to refresh the bell through server push.
 */
@Component
public class InboxEvents {

	private static final Logger log = LoggerFactory.getLogger(InboxEvents.class);

	private final Map<String, Set<Consumer<String>>> listeners = new ConcurrentHashMap<>();

	private static String key(TenantId tenant, String recipient) {
		return tenant + "/" + recipient;
	}

	/** Registers a listener; the returned handle removes it. */
	public Runnable listen(TenantId tenant, String recipient, Consumer<String> listener) {
		String key = key(tenant, recipient);
		listeners.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>()).add(listener);
		return () -> listeners.computeIfPresent(key, (k, set) -> {
			set.remove(listener);
			return set.isEmpty() ? null : set;
		});
	}

	boolean hasListeners() {
		return !listeners.isEmpty();
	}

	public void delivered(TenantId tenant, List<String> recipients) {
		for (String recipient : recipients) {
			Set<Consumer<String>> set = listeners.get(key(tenant, recipient));
			if (set != null) {
				for (Consumer<String> listener : set) {
					try {
						listener.accept(recipient);
					}
					catch (RuntimeException e) {
						log.debug("An inbox listener failed: {}", e.getMessage());
					}
				}
			}
		}
	}
}
