package io.cirrus.app.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.app.ActiveDeployment;
import io.cirrus.app.AppDeployments;
import io.cirrus.app.AppRuntimeProperties;
import io.cirrus.app.DeploymentState;
import io.cirrus.app.Trigger;
import io.cirrus.device.DeviceDecommissioned;
import io.cirrus.device.DeviceRegistered;
import io.cirrus.device.DeviceStatusChanged;
import io.cirrus.health.AlarmCleared;
import io.cirrus.health.AlarmRaised;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.persistence.ClusterLock;
import io.cirrus.telemetry.DeviceTrafficTopics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime's own events on the device-events topic, so they reach the runtime in its consumer group, in order
 * with the device's traffic (keyed {@code tenant:device}, on the partition whose state holds that device) and are
 * checkpointed with it: the device module's typed events (status, registered, decommissioned) and the health
 * module's alarms (raised, cleared), forwarded once through the event publication registry, schedule triggers firing, invocations of an app by another, and the
 * ticks that tell every partition the time (absence timers fire on them). Schedules and ticks come from one
 * instance at a time ({@link ClusterLock}), from the time the last tick covered as stored in PostgreSQL, so a
 * schedule fires once across instances and none is skipped when the ticking instance changes.
 */
@Component
class RuntimeEvents implements DisposableBean {

	static final String TICKER = "app-runtime-ticker";

	private static final Logger log = LoggerFactory.getLogger(RuntimeEvents.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DefaultKafkaProducerFactory<String, byte[]> factory;

	private final KafkaTemplate<String, byte[]> template;

	private final String topic;

	private final String group;

	private final ClusterLock lock;

	private final RuntimeDeployments deployments;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AppRuntimeProperties properties;

	private final Clock clock;

	private final RuntimeLedger ledger;

	/**
	 * An event of the events topic.
	 *
	 * @param kind   device-status, device-registered, device-decommissioned, schedule, http (an invocation), tick
	 * @param tenant the tenant (null for ticks)
	 * @param device the device it is about, if any
	 * @param app    the one app it is for (schedules, invocations); null: every app of the tenant
	 * @param source the schedule trigger
	 * @param at     when it happened
	 * @param values its facts
	 * @param hops   how many app actions led to it
	 */
	record RuntimeEvent(String kind, @Nullable String tenant, @Nullable String device, @Nullable String app,
			@Nullable String source, Instant at, Map<String, Object> values, int hops) {
	}

	RuntimeEvents(KafkaProperties kafka, DeviceTrafficTopics topics, ClusterLock lock, RuntimeDeployments deployments,
			JdbcClient jdbc, TransactionTemplate transactions, RuntimeLedger ledger, AppRuntimeProperties properties,
			Clock clock) {
		this.ledger = ledger;
		Map<String, Object> config = kafka.buildProducerProperties();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "cirrus-app-runtime");
		this.factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
		this.template = new KafkaTemplate<>(factory);
		this.topic = topics.events();
		this.group = topics.group("apps");
		this.lock = lock;
		this.deployments = deployments;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	static RuntimeEvent read(byte[] json) {
		JsonNode node = JSON.readTree(json);
		Map<String, Object> values = new LinkedHashMap<>();
		node.path("values").properties().forEach(e -> values.put(e.getKey(), plain(e.getValue())));
		return new RuntimeEvent(node.path("kind").asString(), text(node, "tenant"), text(node, "device"),
				text(node, "app"), text(node, "source"), JSON.treeToValue(node.get("at"), Instant.class), values,
				node.path("hops").asInt(0));
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

	private static Object plain(JsonNode value) {
		if (value.isNumber()) {
			return value.isIntegralNumber() ? (Object) value.asLong() : value.asDouble();
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		if (value.isContainer()) {
			return JSON.convertValue(value, Object.class);
		}
		return value.asString();
	}

	CompletableFuture<Void> publish(String key, RuntimeEvent event) {
		return template.send(topic, key, JSON.writeValueAsBytes(event)).thenApply(r -> null);
	}

	private void publishAndWait(String key, RuntimeEvent event) {
		try {
			publish(key, event).get(30, TimeUnit.SECONDS);
		}
		catch (Exception e) {
			// The event publication registry retries the listener: the event is not lost.
			throw new IllegalStateException("Kafka did not take the app event " + event.kind() + ": " + e.getMessage(), e);
		}
	}

	private void device(TenantId tenant, String device, String kind, Instant at, Map<String, Object> values) {
		publishAndWait(DeviceTrafficTopics.key(tenant, device),
				new RuntimeEvent(kind, tenant.toString(), device, null, null, at, values, 0));
	}

	@ApplicationModuleListener
	void on(DeviceStatusChanged changed) {
		device(changed.tenant(), changed.device().toString(), "device-status", changed.occurredAt(),
				Map.of("status", changed.online() ? "online" : "offline"));
	}

	@ApplicationModuleListener
	void on(DeviceRegistered registered) {
		device(registered.tenant(), registered.device().toString(), "device-registered", registered.occurredAt(), Map.of());
	}

	@ApplicationModuleListener
	void on(DeviceDecommissioned decommissioned) {
		device(decommissioned.tenant(), decommissioned.device().toString(), "device-decommissioned",
				decommissioned.occurredAt(), Map.of());
	}

	@ApplicationModuleListener
	void on(AlarmRaised alarm) {
		alarm(alarm.tenant(), alarm.alarmId(), alarm.entity(), "raised", alarm.severity().name(), alarm.ruleName(),
				alarm.message(), alarm.value(), alarm.raisedAt());
	}

	@ApplicationModuleListener
	void on(AlarmCleared alarm) {
		alarm(alarm.tenant(), alarm.alarmId(), alarm.entity(), "cleared", alarm.severity().name(), alarm.ruleName(),
				alarm.entityName() + " is back to normal", alarm.value(), alarm.clearedAt());
	}

	/** An alarm raised or cleared: about its device when the alarm's entity is one, on that device's partition. */
	private void alarm(TenantId tenant, UUID alarm, String entity, String state, String severity, String rule,
			String message, @Nullable Double value, Instant at) {
		String device = null;
		try {
			device = UUID.fromString(entity).toString();
		}
		catch (IllegalArgumentException e) {
			// a health metric's subject, not a device
		}
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("state", state);
		values.put("severity", severity);
		values.put("rule", rule);
		values.put("message", message);
		values.put("alarm", alarm.toString());
		if (value != null) {
			values.put("value", value);
		}
		publishAndWait(device != null ? DeviceTrafficTopics.key(tenant, device) : tenant + ":alarm:" + alarm,
				new RuntimeEvent("alarm", tenant.toString(), device, null, null, at, values, 0));
	}

	/** An app invokes another app of its tenant: an http event for that app alone. */
	CompletableFuture<Void> invoke(TenantId tenant, UUID app, Map<String, Object> payload, int hops) {
		return publish(tenant + ":app:" + app, new RuntimeEvent("http", tenant.toString(), null, app.toString(), "invoke",
				clock.instant(), payload, hops));
	}

	/** A call of the app's own endpoint ({@code POST /api/v1/apps/{id}/invoke}): an http event for that app alone. */
	CompletableFuture<Void> called(TenantId tenant, UUID app, Map<String, Object> body) {
		return publish(tenant + ":app:" + app, new RuntimeEvent("http", tenant.toString(), null, app.toString(), "api",
				clock.instant(), body, 0));
	}

	/** On one instance at a time: fires the schedules due since the last tick and tells every partition the time. */
	@Scheduled(fixedDelayString = "${cirrus.app.runtime.tick:5s}", initialDelayString = "${cirrus.app.runtime.tick:5s}")
	void tick() {
		if (!properties.enabled()) {
			return;
		}
		lock.runExclusively(TICKER, () -> {
			try {
				tickNow();
			}
			catch (RuntimeException e) {
				log.warn("The apps ticker failed: {}", e.getMessage());
			}
		});
	}

	private void tickNow() {
		// Whole milliseconds, as the position is stored: the next window starts exactly where this one ended.
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Long last = transactions.execute(tx -> jdbc.sql("select next_offset from app_runtime_position "
				+ "where consumer_group = ? and topic = '#ticker' and kafka_partition = 0").param(group).query(Long.class).optional().orElse(null));
		Instant since = last == null ? now.minus(properties.tick()) : Instant.ofEpochMilli(last);
		deployments.freshFor(now);
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		// A suspended tenant's schedules are skipped, not caught up after it resumes (docs/adr/0035).
		for (ActiveDeployment d : deployments.evaluating()) {
			if (d.state() != DeploymentState.RUNNING) {
				continue;
			}
			for (Trigger trigger : deployments.compiled(d).triggers()) {
				if (trigger instanceof Trigger.Schedule schedule) {
					for (Instant at : due(schedule, d.activatedAt(), since, now)) {
						sent.add(publish(d.tenantId() + ":app:" + d.appId(), new RuntimeEvent("schedule", d.tenantId().toString(),
								null, d.appId().toString(), schedule.id(), at, Map.of("scheduledAt", at.toString()), 0)));
					}
				}
			}
		}
		RuntimeEvent tick = new RuntimeEvent("tick", null, null, null, null, now, Map.of(), 0);
		for (PartitionInfo partition : template.partitionsFor(topic)) {
			sent.add(template.send(new ProducerRecord<>(topic, partition.partition(), "tick", JSON.writeValueAsBytes(tick)))
				.thenApply(r -> null));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
		resumePaused(now);
		transactions.executeWithoutResult(tx -> jdbc.sql("""
				insert into app_runtime_position (consumer_group, topic, kafka_partition, next_offset) values (?, '#ticker', 0, ?)
				on conflict (consumer_group, topic, kafka_partition) do update set next_offset = excluded.next_offset
				""").params(group, now.toEpochMilli()).update());
	}

	/**
	 * Resumes the apps the platform paused once their pause is over: {@code resumeAfter} after the first pause of
	 * the last day, twice as long after each further one, at most an hour (read from the deployment transitions,
	 * so it holds whichever instance ticks).
	 */
	private void resumePaused(Instant now) {
		for (ActiveDeployment d : deployments.all()) {
			if (d.state() != DeploymentState.PAUSED) {
				continue;
			}
			List<Instant> pauses = TenantContext.callAs(d.tenantId(), () -> transactions.execute(tx -> jdbc.sql("""
					select at from app_deployment_transition where tenant_id = ? and app_id = ? and to_state = 'PAUSED'
					and by_user = ? and at > ? order by at desc
					""").params(d.tenantId().value(), d.appId(), AppDeployments.PLATFORM,
					java.sql.Timestamp.from(now.minus(Duration.ofDays(1)))).query((rs, n) -> rs.getTimestamp(1).toInstant()).list()));
			if (pauses.isEmpty()) {
				continue;
			}
			Duration pause = properties.resumeAfter().multipliedBy(1L << Math.min(12, pauses.size() - 1));
			if (pause.compareTo(Duration.ofHours(1)) > 0) {
				pause = Duration.ofHours(1);
			}
			if (!pauses.getFirst().plus(pause).isAfter(now)) {
				log.info("Resuming app {} of tenant {} after a pause of {}", d.appName(), d.tenantId(), pause);
				ledger.forgive(d.appId());
				deployments.resume(d.tenantId(), d.appId());
			}
		}
	}

	/** The times in (since, until] a schedule fires at, at most 100. */
	static List<Instant> due(Trigger.Schedule schedule, Instant activated, Instant since, Instant until) {
		List<Instant> due = new ArrayList<>();
		Instant from = since.isBefore(activated) ? activated : since;
		if (schedule.every() != null) {
			Duration every = Durations.parse(schedule.every());
			if (every != null && !every.isZero()) {
				// Exact to the nanosecond: an activation at 1.056296 s and a window from 31.056 s must still fire 31.056296 s.
				long n = Duration.between(activated, from).dividedBy(every) + 1; // from is never before the activation
				for (Instant at = activated.plus(every.multipliedBy(n)); !at.isAfter(until) && due.size() < 100; at = at.plus(every)) {
					due.add(at);
				}
			}
		}
		if (schedule.at() != null) {
			Instant at = Instant.parse(schedule.at());
			if (at.isAfter(from) && !at.isAfter(until)) {
				due.add(at);
			}
		}
		if (schedule.cron() != null) {
			String cron = schedule.cron().trim().split("\\s+").length == 5 ? "0 " + schedule.cron().trim() : schedule.cron();
			CronExpression expression = CronExpression.parse(cron);
			ZoneId zone = schedule.timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(schedule.timeZone());
			ZonedDateTime next = expression.next(from.atZone(zone));
			while (next != null && !next.toInstant().isAfter(until) && due.size() < 100) {
				due.add(next.toInstant());
				next = expression.next(next);
			}
		}
		return due;
	}

	@Override
	public void destroy() {
		factory.destroy();
	}
}
