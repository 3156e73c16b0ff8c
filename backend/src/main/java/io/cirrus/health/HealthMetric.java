package io.cirrus.health;

import java.util.Arrays;
import java.util.Optional;

/**
 * The metrics the health module samples into history: what charts show and what {@code HEALTH} alarm rules watch.
 * Tenant metrics are sampled per tenant; platform metrics only for platform admins. The {@code subject} of a
 * sample says which component, queue, consumer group, instance or tenant a platform metric is about.
 */
public enum HealthMetric {

	TELEMETRY_RATE("telemetry.rate", Scope.TENANT, Kind.PER_SECOND, "msg/s", "Telemetry messages per second"),
	DEVICES_ONLINE("devices.online", Scope.TENANT, Kind.GAUGE, "devices", "Devices online"),
	DEVICES_OFFLINE("devices.offline", Scope.TENANT, Kind.GAUGE, "devices", "Devices offline"),
	DEVICES_STALE("devices.stale", Scope.TENANT, Kind.GAUGE, "devices", "Devices late on their reporting interval"),
	ALARMS_ACTIVE("alarms.active", Scope.TENANT, Kind.GAUGE, "alarms", "Active alarms"),
	NOTIFICATIONS_DELIVERED("notifications.delivered", Scope.TENANT, Kind.PER_MINUTE, "per min",
			"Notifications delivered per minute"),
	NOTIFICATIONS_FAILED("notifications.failed", Scope.TENANT, Kind.PER_MINUTE, "per min",
			"Notification deliveries failed per minute"),
	NOTIFICATIONS_PARKED("notifications.parked", Scope.TENANT, Kind.GAUGE, "messages", "Parked notifications"),
	APPS_RUNNING("apps.running", Scope.TENANT, Kind.GAUGE, "apps", "Apps running"),
	APPS_PAUSED("apps.paused", Scope.TENANT, Kind.GAUGE, "apps", "Apps paused by the platform"),
	APPS_FAILING("apps.failing", Scope.TENANT, Kind.GAUGE, "apps", "Running apps with failed actions in the last 5 min"),
	APP_ERRORS("apps.errors", Scope.TENANT, Kind.GAUGE, "errors", "App errors and refusals in the last 5 min"),

	COMPONENT_UP("component.up", Scope.PLATFORM, Kind.GAUGE, "0/1", "Component up"),
	COMPONENT_LATENCY("component.latency", Scope.PLATFORM, Kind.GAUGE, "ms", "Component round trip"),
	QUEUE_DEPTH("queue.depth", Scope.PLATFORM, Kind.GAUGE, "messages", "Messages waiting in a queue"),
	QUEUE_CONSUMERS("queue.consumers", Scope.PLATFORM, Kind.GAUGE, "consumers", "Consumers of a queue"),
	CONSUMER_LAG("consumer.lag", Scope.PLATFORM, Kind.GAUGE, "records", "Kafka consumer lag"),
	INSTANCE_HEAP("instance.heap", Scope.PLATFORM, Kind.GAUGE, "MiB", "Heap used"),
	INSTANCE_CPU("instance.cpu", Scope.PLATFORM, Kind.GAUGE, "%", "Process CPU"),
	INSTANCE_THREADS("instance.threads", Scope.PLATFORM, Kind.GAUGE, "threads", "Live threads"),
	TENANT_TELEMETRY_RATE("tenant.telemetry.rate", Scope.PLATFORM, Kind.PER_SECOND, "msg/s", "Telemetry per tenant");

	private final String key;

	private final Scope scope;

	private final Kind kind;

	private final String unit;

	private final String label;

	HealthMetric(String key, Scope scope, Kind kind, String unit, String label) {
		this.key = key;
		this.scope = scope;
		this.kind = kind;
		this.unit = unit;
		this.label = label;
	}

	public String key() {
		return key;
	}

	public Scope scope() {
		return scope;
	}

	public Kind kind() {
		return kind;
	}

	public String unit() {
		return unit;
	}

	public String label() {
		return label;
	}

	public static Optional<HealthMetric> ofKey(String key) {
		return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
	}

	/**
	 * How samples combine. A gauge is a level: a bucket shows the average of its samples, per subject. A count is
	 * events since the previous sample (each instance samples its own share): a bucket shows the sum of its samples
	 * as a rate, per second or per minute.
	 */
	public enum Kind {

		GAUGE, PER_SECOND, PER_MINUTE
	}

	/** Who a metric is sampled for. */
	public enum Scope {

		TENANT, PLATFORM
	}
}
