package io.cirrus.app.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.app.ActiveDeployment;
import io.cirrus.app.AppActionHandler;
import io.cirrus.app.AppDeployments;
import io.cirrus.app.AppDocument;
import io.cirrus.app.AppRuntimeProperties;
import io.cirrus.app.EventTrace;
import io.cirrus.device.DeviceCommands;
import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.net.UrlPolicy;
import io.cirrus.shared.net.WebhookClient;
import io.cirrus.shared.net.WebhookSigner;
import io.cirrus.telemetry.TelemetryIngest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries out the actions of deployed apps, off the consumer's thread: each tenant has its own bulkhead (a few
 * actions at once, a bounded queue) so one tenant's hanging webhook never delays another tenant's actions, and each
 * action has a timeout. Before anything runs, the version's declared permissions are checked again (action kinds,
 * webhook hosts, the devices it may act on, as they are now); a refusal is recorded with the event that caused it.
 * Notify goes through the notification module ({@link AppActionHandler}), commands and set-device through the
 * device module, emit through telemetry ingest (with a hop count against loops), invoke into the runtime.
 */
@Component
class RuntimeActions implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RuntimeActions.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, AppActionHandler> handlers = new HashMap<>();

	private final DeviceCommands commands;

	private final DeviceRegistry registry;

	private final DeviceDirectory directory;

	private final TelemetryIngest ingest;

	private final AppDeployments deployments;

	private final RuntimeLedger ledger;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AppRuntimeProperties properties;

	private final Clock clock;

	private final WebhookClient http;

	private final AppWebhookSecrets webhookSecrets;

	private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<TenantId, ThreadPoolExecutor> lanes = new ConcurrentHashMap<>();

	private final Map<UUID, String> secrets = new ConcurrentHashMap<>();

	private final RuntimeEvents events;

	/**
	 * An action to carry out.
	 *
	 * @param deployment the app's deployment
	 * @param document   its version's document (its permissions)
	 * @param action     the rendered action
	 * @param event      the event that caused it, as the trace shows it
	 * @param key        unique per event and action
	 * @param hops       how many derived events led to this one
	 */
	record Planned(ActiveDeployment deployment, AppDocument document, EventTrace.PlannedAction action,
			EventTrace.Event event, String key, int hops) {
	}

	RuntimeActions(List<AppActionHandler> handlers, DeviceCommands commands, DeviceRegistry registry,
			DeviceDirectory directory, TelemetryIngest ingest, @Lazy AppDeployments deployments, RuntimeLedger ledger,
			JdbcClient jdbc, TransactionTemplate transactions, RuntimeEvents events, AppRuntimeProperties properties,
			Clock clock, AppWebhookSecrets webhookSecrets) {
		this.events = events;
		handlers.forEach(h -> this.handlers.put(h.kind(), h));
		this.commands = commands;
		this.registry = registry;
		this.directory = directory;
		this.ingest = ingest;
		this.deployments = deployments;
		this.ledger = ledger;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.webhookSecrets = webhookSecrets;
		this.http = new WebhookClient(new UrlPolicy(properties.allowLoopbackWebhooks()),
				new WebhookClient.Limits(Duration.ofSeconds(5), properties.actionTimeout(), properties.actionTimeout(),
						64 * 1024, Math.max(2, properties.tenantConcurrency())));
	}

	/** Queues an action in its tenant's bulkhead; a full bulkhead fails it at once. */
	void submit(Planned planned) {
		ActiveDeployment d = planned.deployment();
		ThreadPoolExecutor lane = lanes.computeIfAbsent(d.tenantId(), t -> new ThreadPoolExecutor(
				properties.tenantConcurrency(), properties.tenantConcurrency(), 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.tenantQueue()), Thread.ofVirtual().name("app-actions-" + t, 0).factory()));
		lane.allowCoreThreadTimeOut(true);
		try {
			lane.execute(() -> run(planned));
		}
		catch (RejectedExecutionException e) {
			failed(planned, "action", "the tenant's action queue is full (" + properties.tenantQueue()
					+ " waiting): actions are slower than the events that cause them", 0);
		}
	}

	private void run(Planned planned) {
		long started = System.nanoTime();
		String refusal = refusal(planned);
		if (refusal != null) {
			failed(planned, "refused", refusal, System.nanoTime() - started);
			return;
		}
		Future<String> work = runner.submit(() -> TenantContext.callAs(planned.deployment().tenantId(), () -> perform(planned)));
		try {
			work.get(properties.actionTimeout().toMillis(), TimeUnit.MILLISECONDS);
			ledger.succeeded(planned.deployment(), System.nanoTime() - started);
		}
		catch (TimeoutException e) {
			work.cancel(true);
			failed(planned, "action", "took longer than " + properties.actionTimeout().toSeconds() + " s and was cancelled",
					System.nanoTime() - started);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (Exception e) {
			Throwable cause = e.getCause() == null ? e : e.getCause();
			failed(planned, "action", cause.getMessage() == null ? cause.toString() : cause.getMessage(),
					System.nanoTime() - started);
		}
	}

	private void failed(Planned planned, String kind, String message, long nanos) {
		ActiveDeployment d = planned.deployment();
		boolean overBudget = ledger.failed(d, kind, planned.action().kind(), message, planned.event(), nanos);
		if (overBudget) {
			String reason = "its actions failed " + properties.errorBudget() + " times within "
					+ properties.errorWindow().toMinutes() + " min; last errors: "
					+ String.join(" | ", ledger.lastErrors(d.tenantId(), d.appId(), 3));
			log.warn("Pausing app {} of tenant {}: {}", d.appName(), d.tenantId(), reason);
			try {
				deployments.pause(d.tenantId(), d.appId(), reason.length() > 3900 ? reason.substring(0, 3900) : reason);
			}
			catch (RuntimeException e) {
				log.warn("Could not pause app {}: {}", d.appId(), e.getMessage());
			}
		}
	}

	/** Why the app may not run this action now, or null. */
	private @Nullable String refusal(Planned planned) {
		AppDocument.Permissions permissions = planned.document().permissions();
		String kind = planned.action().kind();
		Map<String, Object> payload = planned.action().payload();
		if (!permissions.actions().contains(kind)) {
			return "the app's permissions do not allow " + kind + " actions";
		}
		if (!planned.action().errors().isEmpty()) {
			return null; // reported as a failure by perform
		}
		if (kind.equals("webhook")) {
			URI uri = URI.create(String.valueOf(payload.get("url")));
			String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
			String withPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
			if (permissions.webhookHosts().stream().map(h -> h.toLowerCase(Locale.ROOT))
				.noneMatch(h -> h.equals(host) || h.equals(withPort))) {
				return "host " + withPort + " is not among the webhook hosts the app's permissions name";
			}
		}
		if (kind.equals("command") || kind.equals("set-device")) {
			Object device = payload.get("device");
			AppDocument.DeviceSelector permitted = permissions.devices();
			DeviceContext target = device == null ? null : TenantContext.callAs(planned.deployment().tenantId(), () -> {
				try {
					return directory.find(new DeviceId(UUID.fromString(device.toString()))).map(DeviceContext::of).orElse(null);
				}
				catch (IllegalArgumentException e) {
					return null;
				}
			});
			if (target == null) {
				return "device " + device + " is not a device of the tenant";
			}
			if (permitted == null || !Selectors.matches(permitted, target)) {
				return "device " + target.name() + " is not among the devices the app's permissions grant";
			}
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private String perform(Planned planned) throws Exception {
		EventTrace.PlannedAction action = planned.action();
		if (!action.errors().isEmpty()) {
			throw new IllegalStateException("its fields did not render: " + String.join("; ", action.errors()));
		}
		ActiveDeployment d = planned.deployment();
		Map<String, Object> p = action.payload();
		return switch (action.kind()) {
			case "webhook" -> webhook(planned);
			case "command" -> commands.sendAsPlatform(d.tenantId(), new DeviceId(UUID.fromString(p.get("device").toString())),
					p.get("name").toString(), (Map<String, Object>) p.get("params"),
					Duration.ofSeconds(((Number) p.get("ttlSeconds")).longValue())).id().toString();
			case "set-device" -> registry.changeAsPlatform(d.tenantId(), new DeviceId(UUID.fromString(p.get("device").toString())),
					(List<String>) p.get("addTags"), (List<String>) p.get("removeTags"), (Map<String, Object>) p.get("metadata"))
				.id().toString();
			case "emit" -> emit(planned);
			case "invoke" -> invoke(planned);
			default -> {
				AppActionHandler handler = handlers.get(action.kind());
				if (handler == null) {
					throw new IllegalStateException("no module carries out " + action.kind() + " actions");
				}
				yield handler.perform(new AppActionHandler.Call(d.tenantId(), d.appId(), d.appName(), d.version(), p, planned.key()));
			}
		};
	}

	private String webhook(Planned planned) throws Exception {
		Map<String, Object> p = planned.action().payload();
		String url = p.get("url").toString();
		String body = p.get("body") != null ? p.get("body").toString()
				: JSON.writeValueAsString(Map.of("app", planned.deployment().appName(), "version", planned.deployment().version(),
						"event", planned.event()));
		long timestamp = clock.instant().getEpochSecond();
		String id = "app_" + planned.key();
		Duration timeout = Duration.ofSeconds(((Number) p.get("timeoutSeconds")).longValue());
		if (timeout.compareTo(properties.actionTimeout()) > 0) {
			timeout = properties.actionTimeout();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		@SuppressWarnings("unchecked")
		Map<String, Object> own = (Map<String, Object>) p.get("headers");
		own.forEach((name, value) -> headers.put(name, String.valueOf(value)));
		headers.put("webhook-id", id);
		headers.put("webhook-timestamp", Long.toString(timestamp));
		headers.put("webhook-signature", WebhookSigner.sign(secret(planned.deployment()), id, timestamp, body));
		WebhookClient.Answer answer;
		try {
			answer = http.send(p.get("method").toString(), url, headers, body.getBytes(StandardCharsets.UTF_8),
					"application/json", timeout);
		}
		catch (WebhookClient.Failure e) {
			throw new IllegalStateException("the webhook call failed: " + e.getMessage());
		}
		if (!answer.successful()) {
			throw new IllegalStateException(url + " answered " + answer.status());
		}
		return id;
	}

	private String emit(Planned planned) throws Exception {
		if (planned.hops() >= properties.maxHops()) {
			throw new IllegalStateException("derived telemetry was derived " + planned.hops()
					+ " times already: stopped to break a loop between apps");
		}
		Map<String, Object> p = planned.action().payload();
		byte[] json = JSON.writeValueAsBytes(Map.of("values", Map.of(p.get("key").toString(), p.get("value"))));
		ingest.derive(planned.deployment().tenantId(), new DeviceId(UUID.fromString(p.get("device").toString())), json,
				planned.hops() + 1).get(properties.actionTimeout().toMillis(), TimeUnit.MILLISECONDS);
		return p.get("key").toString();
	}

	@SuppressWarnings("unchecked")
	private String invoke(Planned planned) throws Exception {
		if (planned.hops() >= properties.maxHops()) {
			throw new IllegalStateException("the invocation chain is " + planned.hops()
					+ " apps long already: stopped to break a loop between apps");
		}
		String target = planned.action().payload().get("app").toString();
		TenantId tenant = planned.deployment().tenantId();
		UUID app = TenantContext.callAs(tenant, () -> transactions.execute(tx -> jdbc
			.sql("select id from app where tenant_id = ? and (name = ? or id::text = ?)")
			.params(tenant.value(), target, target)
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("the tenant has no app " + target))));
		events.invoke(tenant, app, (Map<String, Object>) planned.action().payload().get("payload"), planned.hops() + 1)
			.get(properties.actionTimeout().toMillis(), TimeUnit.MILLISECONDS);
		return app.toString();
	}

	/** The secret an app's webhook calls are signed with (Standard Webhooks), made on first use. */
	String secret(ActiveDeployment d) {
		return secrets.computeIfAbsent(d.appId(), app -> secret(d.tenantId(), app));
	}

	/** The app's webhook signing secret, made on first use. */
	String secret(TenantId tenant, UUID app) {
		return webhookSecrets.secret(tenant, app);
	}

	@Override
	public void destroy() {
		lanes.values().forEach(ThreadPoolExecutor::shutdownNow);
		runner.shutdownNow();
		http.close();
	}
}
