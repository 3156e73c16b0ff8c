package io.cirrus.health;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.health.internal.AlarmStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantId;

/**
 * Alarms of the caller's tenant (or, for a platform admin outside any tenant, of the platform): the active ones and
 * the history, and acknowledging one with a note ({@link AlarmAcknowledged} for a tenant's alarm).
 */
@Service
public class Alarms {

	static final int HISTORY = 500;

	private final AlarmStore store;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Alarms(AlarmStore store, Clock clock, ApplicationEventPublisher events) {
		this.store = store;
		this.clock = clock;
		this.events = events;
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public List<Alarm> list(boolean activeOnly) {
		HealthScope.current();
		return store.list(activeOnly, HISTORY);
	}

	/** Alarms narrowed by severity, state, entity and time (at most 500). */
	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public List<Alarm> search(AlarmFilter filter) {
		HealthScope.current();
		if (filter.limit() < 1 || filter.limit() > HISTORY) {
			throw CirrusException.invalidField("limit", "must be between 1 and " + HISTORY);
		}
		return store.search(filter);
	}

	/**
	 * Acknowledges several alarms with one note (a person taking on a storm of them); those acknowledged meanwhile
	 * or already cleared are left as they are. An id that is not an alarm of the caller's tenant fails the whole call
	 * (404). Answers how many this call acknowledged.
	 */
	@PreAuthorize("hasAnyRole('" + Roles.TENANT_ADMIN + "', '" + Roles.DEVELOPER + "', '" + Roles.PLATFORM_ADMIN + "')")
	@Transactional
	public int acknowledgeAll(java.util.Collection<UUID> ids, @Nullable String note) {
		Optional<TenantId> tenant = HealthScope.current();
		if (ids.size() > HISTORY) {
			throw CirrusException.invalidField("ids", "names more than " + HISTORY + " alarms");
		}
		if (note != null && note.length() > 500) {
			throw CirrusException.invalidField("note", "must be at most 500 characters");
		}
		int done = 0;
		for (UUID id : ids) {
			Optional<Alarm> alarm = store.find(id);
			if (alarm.isEmpty()) {
				throw new NotFoundException("Alarm", id);
			}
			if (alarm.get().acknowledged() || alarm.get().state() != Alarm.State.ACTIVE) {
				continue;
			}
			if (store.acknowledge(id, HealthScope.username(), note == null || note.isBlank() ? null : note.strip(),
					clock.instant())) {
				done++;
				Alarm acknowledged = store.find(id).orElseThrow();
				tenant.ifPresent(t -> events.publishEvent(AlarmAcknowledged.of(t, acknowledged)));
			}
		}
		return done;
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public Alarm get(UUID id) {
		HealthScope.current();
		return store.find(id).orElseThrow(() -> new NotFoundException("Alarm", id));
	}

	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public Map<Severity, Long> activeBySeverity() {
		HealthScope.current();
		return store.activeBySeverity();
	}

	/** Acknowledges an alarm: someone is on it. The alarm stays active until its condition stops holding. */
	@PreAuthorize("hasAnyRole('" + Roles.TENANT_ADMIN + "', '" + Roles.DEVELOPER + "', '" + Roles.PLATFORM_ADMIN + "')")
	@Transactional
	public Alarm acknowledge(UUID id, @Nullable String note) {
		Optional<TenantId> tenant = HealthScope.current();
		Alarm alarm = store.find(id).orElseThrow(() -> new NotFoundException("Alarm", id));
		if (note != null && note.length() > 500) {
			throw CirrusException.invalidField("note", "must be at most 500 characters");
		}
		if (!store.acknowledge(alarm.id(), HealthScope.username(), note == null || note.isBlank() ? null : note.strip(),
				clock.instant())) {
			throw new CirrusException(Problems.CONFLICT, "Alarm " + id + " was already acknowledged by "
					+ alarm.acknowledgedBy() + ".");
		}
		Alarm acknowledged = store.find(id).orElseThrow();
		tenant.ifPresent(t -> events.publishEvent(AlarmAcknowledged.of(t, acknowledged)));
		return acknowledged;
	}
}
