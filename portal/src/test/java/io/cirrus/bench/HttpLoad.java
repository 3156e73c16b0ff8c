package io.cirrus.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A light HTTP/1.1 load generator for the benchmarks: keep-alive connections on one Netty event loop, each keeping
 * a window of requests outstanding (pipelined; the server answers them in order), the way {@link MqttLoad} keeps
 * QoS 1 publications in flight. Every request carries one reading; a window of 1 is a device waiting for each answer.
 */
final class HttpLoad implements AutoCloseable {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final List<Connection> connections = new ArrayList<>();

	private HttpLoad() {
	}

	static HttpLoad connect(String host, int port, int count) throws InterruptedException {
		HttpLoad load = new HttpLoad();
		for (int c = 0; c < count; c++) {
			Connection connection = new Connection(host + ":" + port);
			connection.channel = new Bootstrap().group(load.group)
				.channel(NioSocketChannel.class)
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel ch) {
						ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), connection);
					}
				})
				.connect(host, port)
				.sync()
				.channel();
			load.connections.add(connection);
		}
		return load;
	}

	/**
	 * POSTs {@code total} requests to {@code path}, request {@code r} with device token {@code tokenOf(r)} and body
	 * {@code body(r)}, each connection keeping up to {@code window} unanswered; returns when all were answered 202,
	 * with each request's latency (microseconds) in {@code latencies}.
	 */
	void post(String path, int total, int window, IntFunction<String> tokenOf, IntFunction<byte[]> body, long[] latencies)
			throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(total);
		AtomicReference<String> failure = new AtomicReference<>();
		for (Connection connection : connections) {
			connection.channel.eventLoop().execute(() -> connection.start(path, window, next, total, tokenOf, body, latencies, done, failure));
		}
		while (!done.await(1, TimeUnit.SECONDS)) {
			if (failure.get() != null) {
				throw new IllegalStateException("http load: " + failure.get());
			}
		}
		if (failure.get() != null) {
			throw new IllegalStateException("http load: " + failure.get());
		}
	}

	@Override
	public void close() {
		for (Connection connection : connections) {
			connection.channel.close().syncUninterruptibly();
		}
		group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

	private static final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {

		private final String host;

		Channel channel;

		private final ArrayDeque<long[]> outstanding = new ArrayDeque<>(); // {request, sent nanos}, in order

		private String path = "";

		private AtomicInteger next = new AtomicInteger();

		private int total;

		private IntFunction<String> tokenOf = r -> "";

		private IntFunction<byte[]> body = r -> new byte[0];

		private long[] latencies = new long[0];

		private CountDownLatch done = new CountDownLatch(0);

		private AtomicReference<String> failure = new AtomicReference<>();

		Connection(String host) {
			this.host = host;
		}

		void start(String path, int window, AtomicInteger next, int total, IntFunction<String> tokenOf,
				IntFunction<byte[]> body, long[] latencies, CountDownLatch done, AtomicReference<String> failure) {
			this.path = path;
			this.next = next;
			this.total = total;
			this.tokenOf = tokenOf;
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
			byte[] content = body.apply(r);
			FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
					Unpooled.wrappedBuffer(content));
			request.headers()
				.set(HttpHeaderNames.HOST, host)
				.set("X-Device-Token", tokenOf.apply(r))
				.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.setInt(HttpHeaderNames.CONTENT_LENGTH, content.length);
			outstanding.add(new long[] { r, System.nanoTime() });
			channel.write(request);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
			long[] sent = outstanding.poll();
			if (sent == null) {
				failure.compareAndSet(null, "an answer to no request");
				return;
			}
			if (response.status().code() != 202) {
				failure.compareAndSet(null, "request " + sent[0] + " answered " + response.status());
			}
			latencies[(int) sent[0]] = (System.nanoTime() - sent[1]) / 1000;
			done.countDown();
			sendNext();
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			if (!outstanding.isEmpty()) {
				failure.compareAndSet(null, "a connection closed with " + outstanding.size() + " requests unanswered");
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			failure.compareAndSet(null, cause.toString());
			ctx.close();
		}
	}
}
