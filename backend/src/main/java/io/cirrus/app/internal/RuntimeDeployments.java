package io.cirrus.app.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cirrus.app.ActiveDeployment;
import io.cirrus.app.AppDeployments;
import io.cirrus.app.AppVersion;
import io.cirrus.app.DeploymentState;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.tenant.TenantSuspensions;

/**
 * The runtime's view of what is deployed, and the compiled versions (built once per deployed version, shared by
 * every consumer thread).
 * <p>
 * The version switch rule (docs/adr/0027): an event is evaluated with the deployment of its app whose
 * {@code activatedAt} is the latest not after the event's arrival time. The view is checked whenever an event
 * arrives that is not at least {@link #MARGIN} older than the last check (one read of the deployments' epoch; all
 * deployments are read again only when it moved), and it keeps each app's previous deployment, so events
 * that arrived before a switch are still evaluated by the version they arrived under: none is lost, none is
 * evaluated twice, on any number of instances, without state of their own.
 */
@Component
class RuntimeDeployments {

	static final Duration MARGIN = Duration.ofSeconds(1);

	private final AppDeployments deployments;

	private final AppStore store;

	private final TransactionTemplate readOnly;

	private final Clock clock;

	/** Tenant to its apps' deployments, each app's newest first (at most three). */
	private volatile Map<TenantId, Map<UUID, List<ActiveDeployment>>> view = Map.of();

	/** When the view was last known to be current, and the epoch it was read at. */
	private volatile Instant checkedAt = Instant.EPOCH;

	private volatile long epoch = -1;

	private final JdbcClient jdbc;

	private final Map<UUID, List<ActiveDeployment>> known = new ConcurrentHashMap<>();

	private final Cache<Key, CompiledApp> compiled = Caffeine.newBuilder().maximumSize(10_000).build();

	private record Key(TenantId tenant, UUID app, int version) {
	}

	private final TenantSuspensions suspensions;

	RuntimeDeployments(@Lazy AppDeployments deployments, AppStore store, JdbcClient jdbc, TransactionTemplate transactions,
			Clock clock, TenantSuspensions suspensions) {
		this.suspensions = suspensions;
		this.jdbc = jdbc;
		this.deployments = deployments;
		this.store = store;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
		this.clock = clock;
	}

	/**
	 * Makes the view fresh enough for events that arrived up to {@code arrival}: unless it was checked after them,
	 * reads the deployments' epoch (one row, bumped by every change of a deployment) and, when it moved, every
	 * active deployment again.
	 */
	void freshFor(Instant arrival) {
		if (arrival.isBefore(checkedAt.minus(MARGIN))) {
			return;
		}
		synchronized (this) {
			if (arrival.isBefore(checkedAt.minus(MARGIN))) {
				return; // another consumer checked meanwhile
			}
			Instant started = clock.instant();
			long seq = epoch();
			if (seq != epoch) {
				refresh(seq, started);
			}
			checkedAt = started;
		}
	}

	/** Reads every active deployment again. */
	synchronized void refresh() {
		refresh(epoch(), clock.instant());
	}

	/**
	 * The deployments' epoch: one statement on its own (autocommit; the row holds no tenant data), since live traffic
	 * reads it for nearly every batch and a read-only transaction around it costs three more round trips.
	 */
	private long epoch() {
		return jdbc.sql("select seq from app_runtime_epoch").query(Long.class).single();
	}

	private void refresh(long seq, Instant started) {
		Map<TenantId, Map<UUID, List<ActiveDeployment>>> next = new HashMap<>();
		for (ActiveDeployment deployment : deployments.active()) {
			List<ActiveDeployment> history = known.compute(deployment.appId(), (app, previous) -> {
				List<ActiveDeployment> list = new ArrayList<>(previous == null ? List.of() : previous);
				list.removeIf(d -> d.deploymentId().equals(deployment.deploymentId()));
				list.add(deployment);
				list.sort(Comparator.comparing(ActiveDeployment::activatedAt).reversed());
				return List.copyOf(list.subList(0, Math.min(3, list.size())));
			});
			next.computeIfAbsent(deployment.tenantId(), t -> new HashMap<>()).put(deployment.appId(), history);
		}
		// An app no longer active (stopped) keeps its last deployment for events that arrived before it stopped.
		known.keySet().removeIf(app -> next.values().stream().noneMatch(apps -> apps.containsKey(app))
				&& known.get(app).getFirst().activatedAt().isBefore(started.minus(Duration.ofMinutes(10))));
		view = next;
		epoch = seq;
		checkedAt = started;
	}

	/**
	 * The deployments of a tenant's apps that apply to an event that arrived at {@code arrival}; none while the
	 * tenant is suspended.
	 */
	List<ActiveDeployment> applying(TenantId tenant, Instant arrival) {
		Map<UUID, List<ActiveDeployment>> apps = view.get(tenant);
		if (apps == null || suspensions.isSuspended(tenant)) {
			// A suspended tenant's apps evaluate nothing: its events are skipped, not kept for later (docs/adr/0035).
			return List.of();
		}
		List<ActiveDeployment> applying = new ArrayList<>(apps.size());
		for (List<ActiveDeployment> history : apps.values()) {
			for (ActiveDeployment deployment : history) {
				if (!deployment.activatedAt().isAfter(arrival)) {
					applying.add(deployment);
					break;
				}
			}
		}
		return applying;
	}

	/** The running deployment of one app of the tenant, if any. */
	@Nullable ActiveDeployment running(TenantId tenant, UUID app) {
		Map<UUID, List<ActiveDeployment>> apps = view.get(tenant);
		List<ActiveDeployment> history = apps == null ? null : apps.get(app);
		return history == null || history.getFirst().state() != DeploymentState.RUNNING ? null : history.getFirst();
	}

	/** Resumes an app the platform paused. */
	void resume(TenantId tenant, UUID app) {
		deployments.resumeByPlatform(tenant, app);
	}

	/** The tenants with deployed apps. */
	java.util.Set<TenantId> tenants() {
		return view.keySet();
	}

	/** Every deployment in the view (newest per app). */
	List<ActiveDeployment> all() {
		return view.values().stream().flatMap(apps -> apps.values().stream()).map(List::getFirst).toList();
	}

	/** The deployments that evaluate events now: {@link #all()} but those of suspended tenants. */
	List<ActiveDeployment> evaluating() {
		return all().stream().filter(d -> !suspensions.isSuspended(d.tenantId())).toList();
	}

	/** The compiled version of a deployment, built on first use. */
	CompiledApp compiled(ActiveDeployment deployment) {
		return compiled.get(new Key(deployment.tenantId(), deployment.appId(), deployment.version()), key -> {
			AppVersion version = TenantContext.callAs(key.tenant(), () -> readOnly.execute(tx ->
					store.version(key.tenant(), key.app(), key.version()).orElseThrow(() -> new IllegalStateException(
							"version " + key.version() + " of app " + key.app() + " is gone"))));
			return CompiledApp.from(version.source(), version.format());
		});
	}
}
