/**
 * Health: the state of the platform's components (each with status and round-trip latency) and of its messaging.
 * Device, app and tenant health, alarms, auto-recovery and recommendations are built on it.
 * <p>
 * Events, published in the transaction that changed a tenant's alarm: {@link io.cirrus.health.AlarmRaised},
 * {@link io.cirrus.health.AlarmAcknowledged}, {@link io.cirrus.health.AlarmCleared}. Whoever tells people about them
 * subscribes (the notification module); health calls no such module.
 * <p>
 * SPIs through which other modules let health watch them, without health depending on them:
 * {@link io.cirrus.health.ActivitySource} (counts per tenant), {@link io.cirrus.health.TenantSampleContributor}
 * (tenant gauges), {@link io.cirrus.health.AppHealthSource} (each deployed app's state for the tenant dashboard)
 * and {@link io.cirrus.health.WatchedQueues} (RabbitMQ queues); a component is one more
 * {@link io.cirrus.health.ComponentProbe}.
 * See docs/adr/0020-health-history-alarms-and-recovery.md and docs/adr/0023-typed-events-between-modules.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "tenant :: ui", "device", "device :: ui", "telemetry" })
@org.jspecify.annotations.NullMarked
package io.cirrus.health;
