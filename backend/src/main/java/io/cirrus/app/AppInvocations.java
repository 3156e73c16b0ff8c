package io.cirrus.app;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.app.internal.AppCalls;
import io.cirrus.app.internal.AppStore;
import io.cirrus.app.internal.DeploymentStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import tools.jackson.databind.json.JsonMapper;

/**
 * The http trigger's endpoint: a call with a JSON object becomes an event of the running app, whose values are the
 * object's members. Accepted once Kafka took it (it is evaluated from then on, even if this instance stops); refused
 * with the reason when the app does not run or its running version has no http trigger. Tenant admins and developers
 * call it; another tenant's app is not found.
 */
@Service
public class AppInvocations {

	/** The largest body a call may carry, as JSON: events are records on Kafka, not file uploads. */
	public static final int MAX_BYTES = 256 * 1024;

	private static final Logger log = LoggerFactory.getLogger(AppInvocations.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long HANDOVER_SECONDS = 10;

	private final AppStore apps;

	private final DeploymentStore deployments;

	private final AppCalls calls;

	private final TransactionTemplate transactions;

	private final Clock clock;

	AppInvocations(AppStore apps, DeploymentStore deployments, AppCalls calls, PlatformTransactionManager transactionManager,
			Clock clock) {
		this.apps = apps;
		this.deployments = deployments;
		this.calls = calls;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setReadOnly(true);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	@PreAuthorize(Access.MANAGERS)
	public AppInvocation invoke(UUID app, Map<String, Object> body) {
		TenantId tenant = TenantContext.require();
		// The checks read in a transaction; the handover to Kafka waits outside it, holding no connection.
		AppInvocation target = transactions.execute(tx -> target(tenant, app));
		int size = JSON.writeValueAsBytes(body).length;
		if (size > MAX_BYTES) {
			throw new CirrusException(Problems.PAYLOAD_TOO_LARGE, "The call's body is " + size + " bytes as JSON; an app "
					+ "call carries at most " + MAX_BYTES + " bytes. Send large data as telemetry or a file link instead.",
					Map.of("limitBytes", MAX_BYTES));
		}
		try {
			calls.publish(tenant, app, body).get(HANDOVER_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw unavailable();
		}
		catch (ExecutionException | TimeoutException e) {
			log.warn("Kafka did not take a call of app {} of tenant {}: {}", app, tenant, e.toString());
			throw unavailable();
		}
		return target;
	}

	private AppInvocation target(TenantId tenant, UUID app) {
		AppSummary summary = apps.find(tenant, app).orElseThrow(() -> new NotFoundException("App", app));
		AppDeployment live = deployments.live(tenant, app)
			.orElseThrow(() -> new CirrusException(Problems.CONFLICT, "App " + summary.name()
					+ " is not running: deploy a version with an http trigger first."));
		if (live.state() != DeploymentState.RUNNING) {
			throw new CirrusException(Problems.CONFLICT, "App " + summary.name() + " is " + live.state().name().toLowerCase()
					+ (live.reason() == null ? "" : " (" + live.reason() + ")")
					+ (live.state() == DeploymentState.PAUSED ? ": resume it before calling it." : ": call it again once it runs."));
		}
		AppDocument document = apps.version(tenant, app, live.version()).map(AppVersion::document).orElse(null);
		List<String> triggers = document == null ? List.of()
				: document.triggers().stream().filter(Trigger.Http.class::isInstance).map(Trigger::id).toList();
		if (triggers.isEmpty()) {
			throw new CirrusException(Problems.CONFLICT, "Version " + live.version() + " of app " + summary.name()
					+ " has no http trigger, so a call would run nothing: add one (kind: http) and deploy that version.");
		}
		return new AppInvocation(app, live.version(), triggers, clock.instant());
	}

	private static CirrusException unavailable() {
		return new CirrusException(Problems.UNAVAILABLE,
				"The call could not be handed to the apps runtime, so nothing was run. Try again in a moment.");
	}
}
