package io.cirrus.app;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.app.internal.AppStore;
import io.cirrus.app.internal.AppValidator;
import io.cirrus.app.internal.DeploymentStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Putting app versions live and taking them down: deploy now or at a time, stop, resume, roll back, and, for the
 * platform, pause and resume. Every transition is recorded and published as an {@link AppDeploymentChanged}. A
 * scheduled deployment fires through Quartz's clustered JDBC job store, once across every Cirrus instance
 * (docs/adr/0026). Deploying validates the version again against the tenant as it is now: only a version without
 * errors goes live, and it then ends the deployment it replaces, in one transaction. Tenant admins and developers
 * deploy, viewers read; another tenant's app is not found.
 */
@Service
public class AppDeployments {

	/** Who moves a scheduled deployment at its time. */
	public static final String SCHEDULER = "scheduler";

	/** Who pauses and resumes a deployment on the platform's behalf. */
	public static final String PLATFORM = "platform";

	private static final Logger log = LoggerFactory.getLogger(AppDeployments.class);

	private static final int MAX_LISTED = 200;

	private final DeploymentStore store;

	private final AppStore apps;

	private final AppValidator validator;

	private final DeploymentTimer timer;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	AppDeployments(DeploymentStore store, AppStore apps, AppValidator validator, DeploymentTimer timer,
			ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock) {
		this.store = store;
		this.apps = apps;
		this.validator = validator;
		this.timer = timer;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Deploys a version now ({@code at} null: it is RUNNING or refused when this returns) or schedules it for a time
	 * to come. A version with errors is refused (409, naming them).
	 */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public AppDeployment deploy(UUID app, int version, @Nullable Instant at) {
		TenantId tenant = TenantContext.require();
		String name = lock(tenant, app);
		Instant now = clock.instant();
		AppVersion saved = version(tenant, app, version);
		if (at != null && !at.isAfter(now)) {
			throw CirrusException.invalidField("at", "must be in the future (it is " + now + " now); leave it out to deploy now");
		}
		AppValidator.Checked checked = refuseErrors(tenant, app, saved);
		String by = user();
		if (at == null) {
			return activate(tenant, app, name, null, version, null, null, checked, by, now);
		}
		UUID id = UUID.randomUUID();
		store.insert(tenant, id, app, version, DeploymentState.SCHEDULED, at, null, null, by, now);
		step(tenant, app, name, id, version, null, DeploymentState.SCHEDULED, "scheduled for " + at, by, now);
		timer.schedule(tenant, id, at);
		return get(tenant, app, id);
	}

	/**
	 * Stops the app's live deployment; when none is live, cancels its scheduled ones. 409 when there is neither.
	 */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public AppDeployment stop(UUID app, @Nullable String reason) {
		TenantId tenant = TenantContext.require();
		String name = lock(tenant, app);
		Instant now = clock.instant();
		String why = reason == null || reason.isBlank() ? "stopped by " + user() : reason.strip();
		var live = store.live(tenant, app);
		if (live.isPresent()) {
			end(tenant, app, name, live.get(), why, user(), now);
			return get(tenant, app, live.get().id());
		}
		List<AppDeployment> waiting = store.scheduled(tenant, app);
		if (waiting.isEmpty()) {
			throw new CirrusException(Problems.CONFLICT, "App " + name + " has no running, paused or scheduled deployment to stop.");
		}
		for (AppDeployment scheduled : waiting) {
			end(tenant, app, name, scheduled, "cancelled: " + why, user(), now);
			timer.cancel(scheduled.id());
		}
		return get(tenant, app, waiting.getFirst().id());
	}

	/**
	 * Resumes the app: its paused deployment runs again, or the version of its last stopped deployment is deployed
	 * anew (validated again). 409 when it runs already or never ran.
	 */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public AppDeployment resume(UUID app) {
		TenantId tenant = TenantContext.require();
		String name = lock(tenant, app);
		Instant now = clock.instant();
		var live = store.live(tenant, app);
		if (live.isPresent()) {
			if (live.get().state() != DeploymentState.PAUSED) {
				throw new CirrusException(Problems.CONFLICT, "App " + name + " is " + live.get().state().name().toLowerCase()
						+ " already (version " + live.get().version() + ").");
			}
			move(tenant, app, name, live.get(), DeploymentState.RUNNING, "resumed by " + user(), null, null, user(), now);
			return get(tenant, app, live.get().id());
		}
		AppDeployment last = store.lastStopped(tenant, app)
			.orElseThrow(() -> new CirrusException(Problems.CONFLICT, "App " + name + " has never run: deploy a version first."));
		AppValidator.Checked checked = refuseErrors(tenant, app, version(tenant, app, last.version()));
		return activate(tenant, app, name, null, last.version(), null, "resumed by " + user(), checked, user(), now);
	}

	/**
	 * Rolls the app back to an earlier version than the one live (running or paused); the version must still be
	 * valid. 409 when nothing is live or the version has errors, 400 when it is not earlier.
	 */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public AppDeployment rollback(UUID app, int version) {
		TenantId tenant = TenantContext.require();
		String name = lock(tenant, app);
		AppVersion saved = version(tenant, app, version);
		AppDeployment live = store.live(tenant, app)
			.orElseThrow(() -> new CirrusException(Problems.CONFLICT, "App " + name + " runs no version to roll back from: deploy one instead."));
		if (version >= live.version()) {
			throw CirrusException.invalidField("version", "must be earlier than the live version " + live.version());
		}
		AppValidator.Checked checked = refuseErrors(tenant, app, saved);
		return activate(tenant, app, name, null, version, live.version(),
				"rollback from version " + live.version() + " to version " + version, checked, user(), clock.instant());
	}

	/** The app's deployments, newest first (at most 200), without their steps. */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public List<AppDeployment> list(UUID app) {
		TenantId tenant = TenantContext.require();
		apps.find(tenant, app).orElseThrow(() -> new NotFoundException("App", app));
		return store.list(tenant, app, MAX_LISTED);
	}

	/** The live deployment (deploying, running or paused) of each of these apps that has one, by app. */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public Map<UUID, AppDeployment> live(List<UUID> apps) {
		Map<UUID, AppDeployment> live = new java.util.HashMap<>();
		for (AppDeployment deployment : store.live(TenantContext.require(), apps)) {
			live.put(deployment.app(), deployment);
		}
		return live;
	}

	/** One deployment with its steps. */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public AppDeployment get(UUID app, UUID deployment) {
		return get(TenantContext.require(), app, deployment);
	}

	/** The platform pauses a running deployment (e.g. its actions keep failing); false when none runs. */
	public boolean pause(TenantId tenant, UUID app, String reason) {
		return byPlatform(tenant, app, DeploymentState.RUNNING, DeploymentState.PAUSED, reason);
	}

	/** The platform resumes a deployment it paused; false when none is paused. */
	public boolean resumeByPlatform(TenantId tenant, UUID app) {
		return byPlatform(tenant, app, DeploymentState.PAUSED, DeploymentState.RUNNING, "resumed by the platform");
	}

	/** Every running or paused deployment of every tenant, for the runtime: a transaction per tenant that has one. */
	public List<ActiveDeployment> active() {
		List<ActiveDeployment> all = new ArrayList<>();
		List<TenantId> tenants = transactions.execute(tx -> store.tenantsWithActiveDeployments());
		for (TenantId tenant : tenants) {
			all.addAll(TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.active(tenant))));
		}
		return all;
	}

	/**
	 * A scheduled deployment's time came (called by the scheduler, on one instance): deploys it, unless it ended
	 * meanwhile. It acts as {@link SchedulerAuthentication}; should deploying throw, the deployment is FAILED with
	 * the reason rather than left waiting for a time that has passed.
	 */
	void fire(TenantId tenant, UUID deployment) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new SchedulerAuthentication(tenant));
		SecurityContextHolder.setContext(context);
		try {
			TenantContext.runAs(tenant, () -> {
				try {
					transactions.executeWithoutResult(tx -> fireNow(tenant, deployment));
				}
				catch (RuntimeException e) {
					log.warn("Scheduled deployment {} of tenant {} failed: {}", deployment, tenant, e.toString());
					transactions.executeWithoutResult(tx -> failNow(tenant, deployment, "could not be deployed: " + e.getMessage()));
				}
			});
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	private void fireNow(TenantId tenant, UUID deployment) {
		UUID app = store.appOf(tenant, deployment).orElse(null);
		if (app == null) {
			return;
		}
		String name = lock(tenant, app);
		AppDeployment scheduled = store.find(tenant, app, deployment).orElseThrow();
		if (scheduled.state() != DeploymentState.SCHEDULED) {
			return;
		}
		AppVersion saved = apps.version(tenant, app, scheduled.version()).orElseThrow();
		activate(tenant, app, name, scheduled, scheduled.version(), null, null, check(tenant, app, saved), SCHEDULER,
				clock.instant());
	}

	private void failNow(TenantId tenant, UUID deployment, String reason) {
		UUID app = store.appOf(tenant, deployment).orElse(null);
		if (app == null) {
			return;
		}
		String name = lock(tenant, app);
		AppDeployment scheduled = store.find(tenant, app, deployment).orElseThrow();
		if (scheduled.state() == DeploymentState.SCHEDULED) {
			Instant now = clock.instant();
			move(tenant, app, name, scheduled, DeploymentState.FAILED, reason, null, now, SCHEDULER, now);
		}
	}

	/**
	 * DEPLOYING: the version, validated again and compiled ({@code checked}), becomes RUNNING and ends the deployment
	 * it replaces; or, with errors, FAILED with the reason and the live deployment stays. {@code scheduled} is the
	 * scheduled deployment whose time came, or null to create the deployment.
	 */
	private AppDeployment activate(TenantId tenant, UUID app, String name, @Nullable AppDeployment scheduled,
			int version, @Nullable Integer rollbackOf, @Nullable String why, AppValidator.Checked checked, String by,
			Instant now) {
		UUID id = scheduled == null ? UUID.randomUUID() : scheduled.id();
		if (checked.compiled() == null) {
			String reason = "version " + version + " has " + errors(checked.validation()) + " now: "
					+ first(checked.validation());
			if (scheduled == null) {
				store.insert(tenant, id, app, version, DeploymentState.FAILED, null, rollbackOf, reason, by, now);
			}
			store.update(tenant, id, DeploymentState.FAILED, reason, null, now, now);
			step(tenant, app, name, id, version, scheduled == null ? null : scheduled.state(), DeploymentState.DEPLOYING, why, by, now);
			step(tenant, app, name, id, version, DeploymentState.DEPLOYING, DeploymentState.FAILED, reason, by, now);
			return get(tenant, app, id);
		}
		store.live(tenant, app).ifPresent(previous -> end(tenant, app, name, previous, "replaced by version " + version, by, now));
		if (scheduled == null) {
			store.insert(tenant, id, app, version, DeploymentState.DEPLOYING, null, rollbackOf, why, by, now);
			step(tenant, app, name, id, version, null, DeploymentState.DEPLOYING, why, by, now);
		}
		else {
			move(tenant, app, name, scheduled, DeploymentState.DEPLOYING, why, null, null, by, now);
		}
		store.update(tenant, id, DeploymentState.RUNNING, why, now, null, now);
		step(tenant, app, name, id, version, DeploymentState.DEPLOYING, DeploymentState.RUNNING, why, by, now);
		return get(tenant, app, id);
	}

	private boolean byPlatform(TenantId tenant, UUID app, DeploymentState from, DeploymentState to, String reason) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
			String name = store.lockApp(tenant, app).orElse(null);
			if (name == null) {
				return false;
			}
			var live = store.live(tenant, app).filter(d -> d.state() == from);
			live.ifPresent(d -> move(tenant, app, name, d, to, reason, null, null, PLATFORM, clock.instant()));
			return live.isPresent();
		}));
	}

	private void end(TenantId tenant, UUID app, String name, AppDeployment deployment, String reason, String by, Instant now) {
		move(tenant, app, name, deployment, DeploymentState.STOPPED, reason, null, now, by, now);
	}

	private void move(TenantId tenant, UUID app, String name, AppDeployment deployment, DeploymentState to,
			@Nullable String reason, @Nullable Instant activatedAt, @Nullable Instant endedAt, String by, Instant now) {
		store.update(tenant, deployment.id(), to, reason, activatedAt, endedAt, now);
		step(tenant, app, name, deployment.id(), deployment.version(), deployment.state(), to, reason, by, now);
	}

	private void step(TenantId tenant, UUID app, String name, UUID deployment, int version,
			@Nullable DeploymentState from, DeploymentState to, @Nullable String reason, String by, Instant now) {
		store.insertTransition(tenant, deployment, app, from, to, now, by, reason);
		events.publishEvent(new AppDeploymentChanged(tenant.value(), app, name, deployment, version, from, to, reason,
				by, now));
	}

	/** Validates a version against the tenant as it is now, and records the outcome. */
	private AppValidator.Checked check(TenantId tenant, UUID app, AppVersion saved) {
		AppValidator.Checked checked = validator.check(saved.source(), saved.format(), app);
		apps.updateValidation(tenant, app, saved.version(), checked.validation());
		return checked;
	}

	private AppValidator.Checked refuseErrors(TenantId tenant, UUID app, AppVersion saved) {
		AppValidator.Checked checked = check(tenant, app, saved);
		AppValidation validation = checked.validation();
		if (!validation.valid()) {
			throw new CirrusException(Problems.CONFLICT, "Version " + saved.version() + " has " + errors(validation)
					+ ": " + first(validation)
					+ " Fix them and save a new version to deploy it.", Map.of("problems", validation.problems()));
		}
		return checked;
	}

	private String lock(TenantId tenant, UUID app) {
		return store.lockApp(tenant, app).orElseThrow(() -> new NotFoundException("App", app));
	}

	private AppVersion version(TenantId tenant, UUID app, int version) {
		return apps.version(tenant, app, version).orElseThrow(() -> new NotFoundException("App version", app + "/" + version));
	}

	private AppDeployment get(TenantId tenant, UUID app, UUID deployment) {
		AppDeployment found = store.find(tenant, app, deployment)
			.orElseThrow(() -> new NotFoundException("Deployment", deployment));
		return found.with(store.transitions(tenant, deployment));
	}

	private static String first(AppValidation validation) {
		return validation.problems().stream().filter(AppProblem::isError).findFirst()
			.map(p -> p.path() + ": " + p.message() + (validation.errors() > 1 ? " (and " + (validation.errors() - 1) + " more)" : ""))
			.orElse("");
	}

	private static String errors(AppValidation validation) {
		return validation.errors() + (validation.errors() == 1 ? " error" : " errors");
	}

	private static String user() {
		return TenantContext.currentUser().map(u -> u.username()).orElse("system");
	}
}
