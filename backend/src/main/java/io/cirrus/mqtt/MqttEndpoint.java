package io.cirrus.mqtt;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cirrus.mqtt.internal.DeviceSessions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

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

	private @Nullable EventLoopGroup group;

	private @Nullable Channel server;

	MqttEndpoint(MqttEndpointProperties properties, DeviceSessions sessions) {
		this.properties = properties;
		this.sessions = sessions;
	}

	@Override
	public void start() {
		if (!properties.enabled()) {
			return;
		}
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(properties.ioThreads(), NioIoHandler.newFactory());
		ChannelInitializer<SocketChannel> initializer = sessions.channelInitializer();
		try {
			Channel bound = new ServerBootstrap().group(loops)
				.channel(NioServerSocketChannel.class)
				.option(ChannelOption.SO_BACKLOG, 1024)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childOption(ChannelOption.SO_KEEPALIVE, true)
				.childHandler(initializer)
				.bind(properties.bindAddress(), properties.port())
				.sync()
				.channel();
			this.group = loops;
			this.server = bound;
			log.info("MQTT endpoint for devices listening on {}", bound.localAddress());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw new IllegalStateException("Interrupted while binding the MQTT endpoint", e);
		}
		catch (RuntimeException e) {
			loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw new IllegalStateException("The MQTT endpoint could not listen on " + properties.bindAddress() + ":"
					+ properties.port() + " (cirrus.mqtt.port): " + e.getMessage(), e);
		}
	}

	@Override
	public void stop() {
		Channel bound = server;
		EventLoopGroup loops = group;
		server = null;
		group = null;
		if (bound != null) {
			bound.close().syncUninterruptibly();
		}
		sessions.endAll("Cirrus is stopping");
		if (loops != null) {
			loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	@Override
	public boolean isRunning() {
		return server != null;
	}

	/** The port this endpoint listens on (the configured one, or the one picked for 0); -1 when it does not. */
	public int port() {
		Channel bound = server;
		return bound == null ? -1 : ((InetSocketAddress) bound.localAddress()).getPort();
	}
}
