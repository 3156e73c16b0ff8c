package io.cirrus.health.internal;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.sun.management.OperatingSystemMXBean;

import io.cirrus.health.ActivitySource;
import io.cirrus.health.ComponentStatus;
import io.cirrus.health.HealthMetric;
import io.cirrus.health.HealthProperties;
import io.cirrus.health.MessagingStatus;
import io.cirrus.health.Severity;
import io.cirrus.health.TenantSampleContributor;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.shared.persistence.ClusterLock;
import io.cirrus.tenant.Tenant;
import io.cirrus.tenant.TenantDirectory;

/**
 * Samples the metrics of {@link HealthMetric} into history. Every instance samples itself (heap, CPU, threads) and
 * the telemetry it consumed per tenant; one instance at a time (cluster lock) probes the components and brokers,
 * samples each tenant's aggregates, evaluates health alarm rules and the platform's built-in checks.
 */
@Component
class HealthSampler {

	private static final Logger log = LoggerFactory.getLogger(HealthSampler.class);

	static final String COMPONENT_DOWN = "component.down";

	static final String CONSUMER_LAG = "consumer.lag";

	private final SampleStore samples;

	private final List<ActivitySource> activities;

	private final ComponentChecks components;

	private final MessagingInventory messaging;

	private final TenantDirectory tenants;

	private final AlarmStore alarms;

	private final HealthRules healthRules;

	private final ConditionTracker conditions;

	private final RecoveryAttempts attempts;

	private final ClusterLock lock;

	private final InstanceIdentity instance;

	private final HealthProperties properties;

	private final Clock clock;

	private final List<TenantSampleContributor> contributors;

	private final HealthMeters meters;

	private final RecoveryLogStore recoveryLog;

	HealthSampler(SampleStore samples, List<ActivitySource> activities, ComponentChecks components,
			MessagingInventory messaging, TenantDirectory tenants, AlarmStore alarms, HealthRules healthRules,
			ConditionTracker conditions, RecoveryAttempts attempts, ClusterLock lock, InstanceIdentity instance,
			HealthProperties properties, Clock clock, List<TenantSampleContributor> contributors, HealthMeters meters,
			RecoveryLogStore recoveryLog) {
		this.meters = meters;
		this.recoveryLog = recoveryLog;
		this.samples = samples;
		this.activities = activities;
		this.components = components;
		this.messaging = messaging;
		this.tenants = tenants;
		this.alarms = alarms;
		this.healthRules = healthRules;
		this.conditions = conditions;
		this.attempts = attempts;
		this.lock = lock;
		this.instance = instance;
		this.properties = properties;
		this.clock = clock;
		this.contributors = contributors;
	}

	@Scheduled(initialDelayString = "${cirrus.health.sample-interval:15s}", fixedDelayString = "${cirrus.health.sample-interval:15s}")
	void sample() {
		try {
			sampleInstance();
			lock.runExclusively("health.platform-sampler", this::samplePlatform);
		}
		catch (RuntimeException e) {
			log.warn("Sampling health failed: {}", e.getMessage(), e);
		}
	}

	/** This instance: heap, CPU, threads, and its share of each tenant's telemetry. */
	void sampleInstance() {
		Instant now = clock.instant();
		var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
				? Math.max(0, os.getProcessCpuLoad()) * 100 : 0;
		List<SampleStore.Sample> platform = new ArrayList<>(List.of(
				new SampleStore.Sample(HealthMetric.INSTANCE_HEAP, instance.name(), now, heap.getUsed() / 1048576.0),
				new SampleStore.Sample(HealthMetric.INSTANCE_CPU, instance.name(), now, cpu),
				new SampleStore.Sample(HealthMetric.INSTANCE_THREADS, instance.name(), now,
						ManagementFactory.getThreadMXBean().getThreadCount())));
		Map<TenantId, List<SampleStore.Sample>> counted = new java.util.HashMap<>();
		for (ActivitySource source : activities) {
			source.drain().forEach((tenant, counts) -> counts.forEach((metric, count) -> counted
				.computeIfAbsent(tenant, t -> new ArrayList<>())
				.add(new SampleStore.Sample(metric, "", now, count))));
		}
		for (Tenant tenant : tenants.allForPlatformTasks()) {
			List<SampleStore.Sample> tenantSamples = counted.get(tenant.id());
			if (tenantSamples == null) {
				continue;
			}
			tenantSamples.stream().filter(s -> s.metric() == HealthMetric.TELEMETRY_RATE).forEach(s -> {
				meters.telemetry(tenant.id(), tenant.alias(), (long) s.value());
				platform.add(new SampleStore.Sample(HealthMetric.TENANT_TELEMETRY_RATE, tenant.alias(), now, s.value()));
			});
			TenantContext.runAs(tenant.id(), () -> samples.save(tenantSamples));
		}
		samples.save(platform);
	}

	/** Components, brokers, tenant aggregates, health rules and built-in checks: once per cluster. */
	void samplePlatform() {
		Instant now = clock.instant();
		List<SampleStore.Sample> platform = new ArrayList<>();
		List<ComponentStatus> statuses = components.checkAll();
		meters.components(statuses);
		for (ComponentStatus component : statuses) {
			platform.add(new SampleStore.Sample(HealthMetric.COMPONENT_UP, component.name(), now, component.up() ? 1 : 0));
			platform.add(new SampleStore.Sample(HealthMetric.COMPONENT_LATENCY, component.name(), now,
					component.latency().toNanos() / 1e6));
			checkComponent(component);
		}
		MessagingStatus brokers = messaging.status();
		meters.messaging(brokers);
		for (MessagingStatus.Queue queue : brokers.queues()) {
			if (queue.messages() >= 0) {
				platform.add(new SampleStore.Sample(HealthMetric.QUEUE_DEPTH, queue.name(), now, queue.messages()));
				platform.add(new SampleStore.Sample(HealthMetric.QUEUE_CONSUMERS, queue.name(), now, queue.consumers()));
			}
		}
		brokers.consumerLag().forEach((group, lag) -> {
			platform.add(new SampleStore.Sample(HealthMetric.CONSUMER_LAG, group, now, lag));
			conditions.observe(new ConditionTracker.Key(null, CONSUMER_LAG, group), lag > properties.platform().lagAbove(),
					properties.platform().lagFor(),
					() -> new AlarmStore.Raise(null, CONSUMER_LAG, "Consumer lag", group, "consumer group " + group,
							Severity.MAJOR, "Consumer group " + group + " is " + lag + " records behind.", (double) lag,
							Map.of("group", group)));
		});
		samples.save(platform);
		for (Tenant tenant : tenants.allForPlatformTasks()) {
			TenantContext.runAs(tenant.id(), () -> sampleTenant(tenant, now));
		}
	}

	private void sampleTenant(Tenant tenant, Instant now) {
		List<SampleStore.Sample> tenantSamples = new ArrayList<>();
		Map<Severity, Long> active = alarms.activeBySeverity();
		meters.alarms(tenant.id(), tenant.alias(), active);
		tenantSamples.add(new SampleStore.Sample(HealthMetric.ALARMS_ACTIVE, "", now,
				active.values().stream().mapToLong(Long::longValue).sum()));
		for (TenantSampleContributor contributor : contributors) {
			contributor.sample(tenant.id()).forEach((metric, value) -> {
				tenantSamples.add(new SampleStore.Sample(metric, "", now, value));
				meters.tenantGauge(tenant.alias(), metric.key(), value);
			});
		}
		samples.save(tenantSamples);
		healthRules.evaluate(tenant.id(), properties.sampleInterval().multipliedBy(2));
	}

	private void checkComponent(ComponentStatus component) {
		Duration downFor = properties.platform().componentDownFor();
		conditions.observe(new ConditionTracker.Key(null, COMPONENT_DOWN, component.name()), !component.up(), downFor,
				() -> new AlarmStore.Raise(null, COMPONENT_DOWN, "Component down", component.name(), component.name(),
						Severity.CRITICAL,
						component.name() + " has been down for more than " + downFor.toSeconds() + " s: " + component.detail()
								+ ". Recovery attempts so far: " + attempts.count(component.name()) + ".",
						null, Map.of("address", component.address(), "recoveryAttempts", attempts.count(component.name()))));
		if (!component.up()) {
			alarms.updateDetails(COMPONENT_DOWN, component.name(),
					component.name() + " is down: " + component.detail() + ". Recovery attempts so far: "
							+ attempts.count(component.name()) + ".",
					Map.of("address", component.address(), "recoveryAttempts", attempts.count(component.name())));
		}
	}

	/** Every six hours: samples, cleared alarms and recovery actions older than the retention go. */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT6H")
	void purge() {
		lock.runExclusively("health.purge", () -> {
			Instant before = clock.instant().minus(properties.retention());
			int removed = samples.purgeBefore(before) + alarms.purgeClearedBefore(before) + recoveryLog.purgeBefore(before);
			for (Tenant tenant : tenants.allForPlatformTasks()) {
				removed += TenantContext.callAs(tenant.id(), () -> samples.purgeBefore(before)
						+ alarms.purgeClearedBefore(before) + recoveryLog.purgeBefore(before));
			}
			log.info("Health history older than {} purged: {} rows", before, removed);
		});
	}
}
