package io.cirrus.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.cirrus.health.ComponentStatus;
import io.cirrus.health.MessagingStatus;
import io.cirrus.health.Severity;
import io.cirrus.shared.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Business metrics for Prometheus ({@code /actuator/prometheus}), labelled by tenant alias where the number of
 * values is bounded (tenants, severities, components, queues, consumer groups; never devices). Platform gauges come
 * from the instance that holds the platform sampler's lock.
 */
@Component
public class HealthMeters {

	private final MeterRegistry registry;

	private final MultiGauge alarmsActive;

	private final MultiGauge componentUp;

	private final MultiGauge componentLatency;

	private final MultiGauge queueDepth;

	private final MultiGauge consumerLag;

	private final MultiGauge tenantGauges;

	private final Map<TenantId, Counter> telemetry = new ConcurrentHashMap<>();

	private final Map<TenantId, Map<String, Double>> alarmRows = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Double>> tenantGaugeRows = new ConcurrentHashMap<>();

	HealthMeters(MeterRegistry registry) {
		this.registry = registry;
		this.alarmsActive = MultiGauge.builder("cirrus.alarms.active").description("Active alarms").register(registry);
		this.componentUp = MultiGauge.builder("cirrus.component.up").description("1 when the component answered").register(registry);
		this.componentLatency = MultiGauge.builder("cirrus.component.latency")
			.baseUnit("milliseconds")
			.description("Round trip of the component probe")
			.register(registry);
		this.queueDepth = MultiGauge.builder("cirrus.queue.depth").description("Messages waiting").register(registry);
		this.consumerLag = MultiGauge.builder("cirrus.consumer.lag").description("Kafka consumer lag in records").register(registry);
		this.tenantGauges = MultiGauge.builder("cirrus.tenant.gauge")
			.description("Sampled tenant gauges (devices per status, parked notifications, ...)")
			.register(registry);
	}

	/** Counts consumed telemetry messages of a tenant. */
	public void telemetry(TenantId tenant, String alias, long messages) {
		telemetry.computeIfAbsent(tenant, t -> Counter.builder("cirrus.telemetry.messages")
			.description("Telemetry messages seen by the health consumer")
			.tag("tenant", alias)
			.register(registry)).increment(messages);
	}

	public void alarms(TenantId tenant, String alias, Map<Severity, Long> active) {
		Map<String, Double> row = new ConcurrentHashMap<>();
		for (Severity severity : Severity.values()) {
			row.put(alias + "|" + severity.name(), active.getOrDefault(severity, 0L).doubleValue());
		}
		alarmRows.put(tenant, row);
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		alarmRows.values().forEach(r -> r.forEach((key, value) -> {
			String[] parts = key.split("\\|");
			rows.add(MultiGauge.Row.of(Tags.of("tenant", parts[0], "severity", parts[1]), value));
		}));
		alarmsActive.register(rows, true);
	}

	public void tenantGauge(String alias, String metric, double value) {
		tenantGaugeRows.computeIfAbsent(alias, a -> new ConcurrentHashMap<>()).put(metric, value);
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		tenantGaugeRows.forEach((tenant, metrics) -> metrics
			.forEach((name, v) -> rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant, "metric", name), v))));
		tenantGauges.register(rows, true);
	}

	public void components(List<ComponentStatus> statuses) {
		componentUp.register(statuses.stream()
			.map(s -> (MultiGauge.Row<?>) MultiGauge.Row.of(Tags.of("component", s.name()), s.up() ? 1 : 0))
			.toList(), true);
		componentLatency.register(statuses.stream()
			.map(s -> (MultiGauge.Row<?>) MultiGauge.Row.of(Tags.of("component", s.name()), s.latency().toNanos() / 1e6))
			.toList(), true);
	}

	public void messaging(MessagingStatus status) {
		queueDepth.register(status.queues()
			.stream()
			.filter(q -> q.messages() >= 0)
			.map(q -> (MultiGauge.Row<?>) MultiGauge.Row.of(Tags.of("queue", q.name()), q.messages()))
			.toList(), true);
		consumerLag.register(status.consumerLag()
			.entrySet()
			.stream()
			.map(e -> (MultiGauge.Row<?>) MultiGauge.Row.of(Tags.of("group", e.getKey()), e.getValue()))
			.toList(), true);
	}
}
