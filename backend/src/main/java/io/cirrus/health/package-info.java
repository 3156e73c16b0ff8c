/**
 * Health: the state of the platform's components (each with status and round-trip latency) and of its messaging.
 * Device, app and tenant health, alarms, auto-recovery and recommendations are built on it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "device", "device :: ui", "telemetry", "notification" })
@org.jspecify.annotations.NullMarked
package io.cirrus.health;
