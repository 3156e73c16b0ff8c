/**
 * MQTT: Cirrus's own MQTT 3.1.1 endpoint for devices ({@link io.cirrus.mqtt.MqttEndpoint}, Netty). A device connects
 * with its id as username and client id and its token as password, publishes telemetry and heartbeats (acknowledged
 * only after Kafka acknowledged them) and command answers, and subscribes to its commands; it may use only its own
 * topics. See docs/adr/0021-mqtt-endpoint-in-cirrus.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "shared", "tenant", "device", "telemetry" })
@org.jspecify.annotations.NullMarked
package io.cirrus.mqtt;
