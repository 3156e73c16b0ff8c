/**
 * Telemetry: device traffic (readings, heartbeats, device events) on Kafka, keyed {@code tenant:device}. Ingest
 * over HTTP and MQTT ({@link io.cirrus.telemetry.TelemetryIngest}), storage in day-partitioned PostgreSQL tables,
 * queries with downsampling and latest values ({@link io.cirrus.telemetry.TelemetryQueries}). See
 * {@code docs/adr/0007-telemetry-ingest-and-storage.md}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "device", "device :: ui" })
@org.jspecify.annotations.NullMarked
package io.cirrus.telemetry;
