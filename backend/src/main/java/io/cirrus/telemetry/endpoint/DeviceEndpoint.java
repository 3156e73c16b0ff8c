package io.cirrus.telemetry.endpoint;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.SourceLimits;
import io.cirrus.shared.net.NettyListener;
import io.cirrus.telemetry.TelemetryIngest;
import io.cirrus.telemetry.TelemetryProperties;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The device endpoint: {@code POST /api/v1/telemetry} and {@code POST /api/v1/heartbeat} on a port of their own
 * ({@code cirrus.telemetry.endpoint.port}, 8081), served by Netty instead of the API's Tomcat, Spring Security and
 * Spring MVC stack, which cost several times more per request than storing the reading does (docs/adr/0022). Same
 * contract as the API port's paths: the device token in {@code X-Device-Token} or {@code Authorization: Device},
 * 202 once Kafka acknowledged, problem documents for everything else. The API port keeps serving the same paths
 * (and the device's other ones: commands, provisioning).
 */
@Component
@EnableConfigurationProperties(DeviceEndpointProperties.class)
public class DeviceEndpoint implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeviceEndpoint.class);

	/** A connection idle this long (no request in progress) is closed. */
	static final long IDLE_SECONDS = 120;

	private final DeviceEndpointProperties properties;

	private final DeviceCredentials credentials;

	private final TelemetryIngest ingest;

	private final SourceLimits limits;

	private final int maxBytes;

	/** Token checks that miss the cache read PostgreSQL: on virtual threads, never on an event loop. */
	private final ExecutorService blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("device-endpoint-", 0).factory());

	private volatile @Nullable NettyListener listener;

	DeviceEndpoint(DeviceEndpointProperties properties, DeviceCredentials credentials, TelemetryIngest ingest,
			SourceLimits limits, TelemetryProperties telemetry) {
		this.properties = properties;
		this.credentials = credentials;
		this.ingest = ingest;
		this.limits = limits;
		this.maxBytes = telemetry.ingest().maxMessageBytes();
	}

	@Override
	public void start() {
		if (!properties.enabled()) {
			return;
		}
		NettyListener bound = NettyListener.bind(properties.bindAddress(), properties.port(), properties.ioThreads(),
				new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel channel) {
						channel.pipeline()
							.addLast(new FlushConsolidationHandler(64, true))
							.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
							.addLast(new HttpServerCodec())
							.addLast(new DeviceRequests(credentials, ingest, limits, blocking, maxBytes));
					}
				}, "cirrus.telemetry.endpoint.port");
		listener = bound;
		log.info("Device endpoint (HTTP ingest) listening on {}", bound.address());
	}

	@Override
	public void stop() {
		NettyListener bound = listener;
		listener = null;
		if (bound != null) {
			// Requests in progress finish (their Kafka acknowledgement and answer) within the quiet period.
			bound.close(1, 10);
		}
	}

	@Override
	public boolean isRunning() {
		return listener != null;
	}

	/** The port this endpoint listens on; -1 when it does not. */
	public int port() {
		NettyListener bound = listener;
		return bound == null ? -1 : bound.port();
	}
}
