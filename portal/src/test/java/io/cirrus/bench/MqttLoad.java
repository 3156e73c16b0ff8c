package io.cirrus.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * A light MQTT 3.1.1 load generator for the benchmarks: many device connections on one Netty event loop, each
 * keeping a window of QoS 1 publications unacknowledged. It shares the machine's 2 cores with the server under
 * test, so it must cost little: Eclipse Paho runs three threads per connection and, with 64 connections, could not
 * push even Mosquitto past about 12,000 PUBACKs/s here. Measures what the server acknowledges, not what it stores.
 */
final class MqttLoad implements AutoCloseable {

	/** One connection's credentials (user and password null: anonymous). */
	record Login(String clientId, @Nullable String username, @Nullable String password) {
	}

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final List<Connection> connections = new ArrayList<>();

	private MqttLoad() {
	}

	/** Connects every login (clean session) to {@code host:port} and waits for each CONNACK. */
	static MqttLoad connect(String host, int port, List<Login> logins) throws Exception {
		MqttLoad load = new MqttLoad();
		try {
			for (Login login : logins) {
				Connection connection = new Connection();
				Channel channel = new Bootstrap().group(load.group)
					.channel(NioSocketChannel.class)
					.option(ChannelOption.TCP_NODELAY, true)
					.handler(new ChannelInitializer<SocketChannel>() {
						@Override
						protected void initChannel(SocketChannel ch) {
							ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, connection);
						}
					})
					.connect(host, port)
					.sync()
					.channel();
				var connect = MqttMessageBuilders.connect()
					.clientId(login.clientId())
					.protocolVersion(MqttVersion.MQTT_3_1_1)
					.cleanSession(true)
					.keepAlive(60);
				if (login.username() != null && login.password() != null) {
					connect.hasUser(true).username(login.username()).hasPassword(true).password(login.password().getBytes());
				}
				channel.writeAndFlush(connect.build());
				MqttConnectReturnCode code = connection.connected.get(15, TimeUnit.SECONDS);
				if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
					channel.close();
					throw new IllegalStateException("MQTT connection of " + login.clientId() + " refused: " + code);
				}
				connection.channel = channel;
				load.connections.add(connection);
			}
			return load;
		}
		catch (Exception e) {
			load.close();
			throw e;
		}
	}

	/**
	 * Publishes {@code total} messages with QoS 1 spread over the connections, each keeping up to {@code window}
	 * unacknowledged; returns when every PUBACK arrived, with each message's latency (microseconds) in
	 * {@code latencies}. Connection {@code c} publishes on {@code topicOf(c)}, message {@code r} is {@code body(r)}.
	 */
	void publish(int total, int window, IntFunction<String> topicOf, IntFunction<byte[]> body, long[] latencies)
			throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(total);
		AtomicReference<String> failure = new AtomicReference<>();
		for (int c = 0; c < connections.size(); c++) {
			Connection connection = connections.get(c);
			String topic = topicOf.apply(c);
			connection.channel.eventLoop().execute(() -> connection.start(topic, window, next, total, body, latencies, done, failure));
		}
		while (!done.await(1, TimeUnit.SECONDS)) {
			if (failure.get() != null) {
				throw new IllegalStateException("mqtt load: " + failure.get());
			}
		}
	}

	@Override
	public void close() {
		for (Connection connection : connections) {
			if (connection.channel != null && connection.channel.isActive()) {
				connection.channel.writeAndFlush(MqttMessage.DISCONNECT).syncUninterruptibly();
				connection.channel.close().syncUninterruptibly();
			}
		}
		group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/** One connection; everything after CONNACK runs on its event loop. */
	private static final class Connection extends SimpleChannelInboundHandler<MqttMessage> {

		final CompletableFuture<MqttConnectReturnCode> connected = new CompletableFuture<>();

		Channel channel;

		private final Map<Integer, long[]> inFlight = new HashMap<>(); // packet id -> {message, sent nanos}

		private int nextPacketId = 1;

		private String topic = "";

		private AtomicInteger next = new AtomicInteger();

		private int total;

		private IntFunction<byte[]> body = r -> new byte[0];

		private long[] latencies = new long[0];

		private CountDownLatch done = new CountDownLatch(0);

		private AtomicReference<String> failure = new AtomicReference<>();

		void start(String topic, int window, AtomicInteger next, int total, IntFunction<byte[]> body, long[] latencies,
				CountDownLatch done, AtomicReference<String> failure) {
			this.topic = topic;
			this.next = next;
			this.total = total;
			this.body = body;
			this.latencies = latencies;
			this.done = done;
			this.failure = failure;
			for (int i = 0; i < window; i++) {
				sendNext();
			}
			channel.flush();
		}

		private void sendNext() {
			int r = next.getAndIncrement();
			if (r >= total) {
				return;
			}
			int packetId = nextPacketId;
			nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
			inFlight.put(packetId, new long[] { r, System.nanoTime() });
			channel.write(MqttMessageBuilders.publish()
				.topicName(topic)
				.qos(MqttQoS.AT_LEAST_ONCE)
				.messageId(packetId)
				.payload(Unpooled.wrappedBuffer(body.apply(r)))
				.build());
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
			MqttMessageType type = message.fixedHeader().messageType();
			if (type == MqttMessageType.CONNACK) {
				connected.complete(((MqttConnAckMessage) message).variableHeader().connectReturnCode());
			}
			else if (type == MqttMessageType.PUBACK) {
				long[] sent = inFlight.remove(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
				if (sent != null) {
					latencies[(int) sent[0]] = (System.nanoTime() - sent[1]) / 1000;
					done.countDown();
					sendNext();
				}
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			connected.complete(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
			if (!inFlight.isEmpty()) {
				failure.compareAndSet(null, "a connection closed with " + inFlight.size() + " publications unacknowledged");
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			failure.compareAndSet(null, cause.toString());
			ctx.close();
		}
	}
}
