package io.cirrus.shared.net;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A TCP port served by Netty, for the endpoints devices talk to besides the API (MQTT, HTTP ingest): its own small
 * event loop group, TCP_NODELAY, a listen backlog of 1024. Bound at once; a port that cannot be bound fails with the
 * configuration property to change. On Linux it uses epoll through Netty's native transport, elsewhere (or where that
 * library does not load) the JDK's selector.
 */
public final class NettyListener {

	private final EventLoopGroup group;

	private final Channel server;

	private final String transport;

	private NettyListener(EventLoopGroup group, Channel server, String transport) {
		this.group = group;
		this.server = server;
		this.transport = transport;
	}

	/**
	 * Listens on {@code address:port} ({@code port} 0: a free one) with {@code ioThreads} event loops (0: one per
	 * core); every connection gets the pipeline {@code initializer} builds. {@code property} names the setting of
	 * the port, for the error when it is taken.
	 */
	public static NettyListener bind(String address, int port, int ioThreads, ChannelInitializer<SocketChannel> initializer,
			String property) {
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(ioThreads, handlers);
		try {
			Channel bound = new ServerBootstrap().group(loops)
				.channel(channel)
				.option(ChannelOption.SO_BACKLOG, 1024)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childOption(ChannelOption.SO_KEEPALIVE, true)
				.childHandler(initializer)
				.bind(address, port)
				.sync()
				.channel();
			return new NettyListener(loops, bound, epoll ? "epoll" : "nio");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw new IllegalStateException("Interrupted while binding " + address + ":" + port, e);
		}
		catch (RuntimeException e) {
			loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw new IllegalStateException("Could not listen on " + address + ":" + port + " (" + property + "): "
					+ e.getMessage(), e);
		}
	}

	/** The port listened on. */
	public int port() {
		return ((InetSocketAddress) server.localAddress()).getPort();
	}

	/** Where it listens and with which transport (epoll, nio), for logs. */
	public String address() {
		return server.localAddress() + " (" + transport + ")";
	}

	/** Stops accepting connections now. */
	public void stopAccepting() {
		server.close().syncUninterruptibly();
	}

	/**
	 * Stops accepting, then ends the event loops: work submitted within {@code quietSeconds} still runs (answers
	 * being written), everything is over after {@code timeoutSeconds}.
	 */
	public void close(long quietSeconds, long timeoutSeconds) {
		stopAccepting();
		group.shutdownGracefully(quietSeconds, timeoutSeconds, TimeUnit.SECONDS).syncUninterruptibly();
	}
}
