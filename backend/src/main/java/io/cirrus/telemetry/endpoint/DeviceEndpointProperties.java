package io.cirrus.telemetry.endpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The device endpoint ({@code cirrus.telemetry.endpoint.*}): HTTP ingest for devices on a port of its own.
 *
 * @param enabled     whether this instance serves it
 * @param bindAddress the address to listen on
 * @param port        the port to listen on; 0 picks a free one ({@link DeviceEndpoint#port()})
 * @param ioThreads   Netty event loop threads; 0: one per core
 */
@ConfigurationProperties("cirrus.telemetry.endpoint")
public record DeviceEndpointProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0.0.0.0") String bindAddress,
		@DefaultValue("8081") int port, @DefaultValue("0") int ioThreads) {
}
