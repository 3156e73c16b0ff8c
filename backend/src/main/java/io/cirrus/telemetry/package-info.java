/**
 * Telemetry: device traffic (readings, heartbeats, device events) on Kafka, keyed {@code tenant:device}. Ingest
 * over HTTP and MQTT, storage, queries and latest values are built on these topics.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
@org.jspecify.annotations.NullMarked
package io.cirrus.telemetry;
