package io.cirrus.mqtt;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The MQTT endpoint for devices ({@code cirrus.mqtt.*}).
 *
 * @param enabled           whether this instance listens for devices at all
 * @param bindAddress       the address to listen on
 * @param port              the port to listen on; 0 picks a free one ({@link MqttEndpoint#port()})
 * @param maxPacketSize     larger packets end the connection (the codec cannot skip them); telemetry over 64 KiB
 *                          but within this is refused by ingest, counted for the device, and the connection stays
 * @param maxInFlight       publications of one connection being stored at once; beyond it the connection is not
 *                          read until some are acknowledged (back-pressure instead of an unbounded queue)
 * @param connectTimeout    a connection that sends no CONNECT within this is closed
 * @param reconcileInterval how often the tokens of open connections are checked again (a revocation reaches them at
 *                          once through {@code DeviceCredentialsChanged}; this catches one that was not heard)
 * @param ioThreads         Netty event loop threads; 0: one per core
 */
@ConfigurationProperties("cirrus.mqtt")
public record MqttEndpointProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0.0.0.0") String bindAddress,
		@DefaultValue("1884") int port, @DefaultValue("256KB") DataSize maxPacketSize,
		@DefaultValue("256") int maxInFlight, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("60s") Duration reconcileInterval, @DefaultValue("0") int ioThreads) {
}
