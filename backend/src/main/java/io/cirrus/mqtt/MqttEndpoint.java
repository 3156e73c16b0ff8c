package io.cirrus.mqtt;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cirrus.mqtt.internal.DeviceSessions;
import io.cirrus.shared.net.NettyListener;

/**
 * Listens for devices over MQTT 3.1.1 ({@code cirrus.mqtt.port}, 1884 by default: Mosquitto holds 1883 on the
 * machines Cirrus is developed on). Netty: a small event loop group reads and writes every connection; each
 * connection gets the MQTT codec and its {@code DeviceConnection}. Starts last and stops first among the lifecycle
 * beans (the default phase): ingest, Kafka and the database are there for as long as devices are.
 */
@Component
@EnableConfigurationProperties(MqttEndpointProperties.class)
public class MqttEndpoint implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MqttEndpoint.class);

	private final MqttEndpointProperties properties;

	private final DeviceSessions sessions;

	private volatile @Nullable NettyListener listener;

	MqttEndpoint(MqttEndpointProperties properties, DeviceSessions sessions) {
		this.properties = properties;
		this.sessions = sessions;
	}

	@Override
	public void start() {
		if (!properties.enabled()) {
			return;
		}
		NettyListener bound = NettyListener.bind(properties.bindAddress(), properties.port(), properties.ioThreads(),
				sessions.channelInitializer(), "cirrus.mqtt.port");
		listener = bound;
		log.info("MQTT endpoint for devices listening on {}", bound.address());
	}

	@Override
	public void stop() {
		NettyListener bound = listener;
		listener = null;
		if (bound != null) {
			bound.stopAccepting();
			sessions.endAll("Cirrus is stopping");
			bound.close(0, 5);
		}
	}

	@Override
	public boolean isRunning() {
		return listener != null;
	}

	/** The port this endpoint listens on (the configured one, or the one picked for 0); -1 when it does not. */
	public int port() {
		NettyListener bound = listener;
		return bound == null ? -1 : bound.port();
	}
}
