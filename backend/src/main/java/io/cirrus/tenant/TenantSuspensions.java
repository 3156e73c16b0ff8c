package io.cirrus.tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.tenant.internal.TenantStore;

/**
 * Suspending and resuming tenants (platform admins), and the question every entry point asks: is this tenant
 * suspended? The answer comes from memory, never from a query per request or message: every instance reads the
 * suspended tenants from the database every {@code cirrus.tenant.suspension-refresh} (5 s), and the instance that
 * suspends or resumes knows it at once (docs/adr/0035). After a change on this instance {@link TenantSuspended} or
 * {@link TenantResumed} is published.
 */
@Service
public class TenantSuspensions {

	private static final Logger log = LoggerFactory.getLogger(TenantSuspensions.class);

	private static final int REASON_LENGTH = 500;

	/**
	 * A suspension as its tenant's users and devices are told.
	 *
	 * @param tenant the tenant
	 * @param alias  its alias
	 * @param reason why
	 * @param since  since when
	 */
	public record Suspension(TenantId tenant, String alias, String reason, Instant since) {

		/** The problem's detail: what happened, why, and what to do. */
		public String detail() {
			return "Tenant suspended: your organisation '" + alias + "' is suspended by the platform admins (" + reason
					+ "). Nothing of it can be read or changed, and its devices and apps are stopped, until it is resumed."
					+ " Ask your organisation's administrator or the platform's support.";
		}

		/** The problem's extra members: the reason and since when. */
		public Map<String, Object> properties() {
			return TenantSuspendedException.properties(this);
		}
	}

	private final TenantStore store;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private volatile Map<TenantId, Suspension> suspended = Map.of();

	TenantSuspensions(TenantStore store, ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.events = events;
		this.clock = clock;
		refresh();
	}

	/** The tenant's suspension, if it is suspended (from memory: cheap on any thread, event loops included). */
	public Optional<Suspension> of(TenantId tenant) {
		Map<TenantId, Suspension> now = suspended;
		return now.isEmpty() ? Optional.empty() : Optional.ofNullable(now.get(tenant));
	}

	public boolean isSuspended(TenantId tenant) {
		Map<TenantId, Suspension> now = suspended;
		return !now.isEmpty() && now.containsKey(tenant);
	}

	/** Throws {@link TenantSuspendedException} when the tenant is suspended. */
	public void requireActive(TenantId tenant) {
		Optional<Suspension> suspension = of(tenant);
		if (suspension.isPresent()) {
			throw new TenantSuspendedException(suspension.get());
		}
	}

	/** Suspends a tenant with a reason its users and devices are told; 409 when it is suspended already. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public Tenant suspend(TenantId id, @Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			throw CirrusException.invalidField("reason", "is required: the tenant's users and devices are told it");
		}
		String why = reason.strip();
		if (why.length() > REASON_LENGTH) {
			throw CirrusException.invalidField("reason", "must be at most " + REASON_LENGTH + " characters");
		}
		Tenant tenant = store.findById(id).orElseThrow(() -> new NotFoundException("Tenant", id));
		String by = who();
		Instant at = clock.instant();
		if (!store.suspend(id, why, by, at)) {
			throw new CirrusException(Problems.CONFLICT, "The tenant '" + tenant.alias() + "' is suspended already.");
		}
		log.info("Tenant '{}' ({}) suspended by {}: {}", tenant.alias(), id, by, why);
		refresh();
		events.publishEvent(new TenantSuspended(id, tenant.alias(), why, by, at));
		return store.findById(id).orElseThrow();
	}

	/** Resumes a suspended tenant; 409 when it is not suspended. */
	@PreAuthorize("hasRole('" + Roles.PLATFORM_ADMIN + "')")
	public Tenant resume(TenantId id) {
		Tenant tenant = store.findById(id).orElseThrow(() -> new NotFoundException("Tenant", id));
		String by = who();
		Instant at = clock.instant();
		if (!store.resume(id, by, at)) {
			throw new CirrusException(Problems.CONFLICT, "The tenant '" + tenant.alias() + "' is not suspended.");
		}
		log.info("Tenant '{}' ({}) resumed by {}", tenant.alias(), id, by);
		refresh();
		events.publishEvent(new TenantResumed(id, tenant.alias(), by, at));
		return store.findById(id).orElseThrow();
	}

	/** Reads the suspended tenants again: what other instances changed is known here within the interval. */
	@Scheduled(initialDelayString = "${cirrus.tenant.suspension-refresh:5s}", fixedDelayString = "${cirrus.tenant.suspension-refresh:5s}")
	public void refresh() {
		try {
			Map<TenantId, Suspension> next = new HashMap<>();
			for (Tenant tenant : store.findSuspended()) {
				next.put(tenant.id(), new Suspension(tenant.id(), tenant.alias(),
						tenant.suspendedReason() == null ? "" : tenant.suspendedReason(),
						tenant.suspendedAt() == null ? Instant.EPOCH : tenant.suspendedAt()));
			}
			suspended = Map.copyOf(next);
		}
		catch (RuntimeException e) {
			// Keep the last known answer: a database away for a moment neither suspends nor resumes anybody.
			log.warn("Could not read the suspended tenants (keeping the last known {}): {}", suspended.size(), e.getMessage());
		}
	}

	private static String who() {
		return TenantContext.currentUser().map(CirrusUser::username).orElse("platform");
	}
}
