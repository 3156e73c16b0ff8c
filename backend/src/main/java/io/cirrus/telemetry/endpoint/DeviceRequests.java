package io.cirrus.telemetry.endpoint;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.DeviceTokens;
import io.cirrus.device.SourceLimits;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.ProblemType;
import io.cirrus.shared.Problems;
import io.cirrus.shared.web.ProblemResponses;
import io.cirrus.telemetry.IngestResult;
import io.cirrus.telemetry.IngestSource;
import io.cirrus.telemetry.TelemetryIngest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 connection of the device endpoint. Requests are handled as they arrive, pipelined ones too (each
 * waits for Kafka on its own), and answered in the order they came, like MQTT's acknowledgements: an answer that is
 * ready waits for the ones before it. At most {@link #MAX_OUTSTANDING} requests of a connection are outstanding;
 * beyond that the connection is not read until answers leave. The body is kept up to the size limit plus one byte; a
 * larger one is read and dropped, and refused like on the API port (400 naming {@code body}, counted for the device).
 * Token checks that miss the cache run on virtual threads. Refused tokens count against the connection's source
 * address ({@link SourceLimits}); an address over its limit is answered 429 without a lookup.
 */
final class DeviceRequests extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(DeviceRequests.class);

	static final String TELEMETRY = "/api/v1/telemetry";

	static final String HEARTBEAT = "/api/v1/heartbeat";

	static final int MAX_OUTSTANDING = 64;

	private final DeviceCredentials credentials;

	private final TelemetryIngest ingest;

	private final SourceLimits limits;

	private final Executor blocking;

	private final int maxBytes;

	private @Nullable ChannelHandlerContext context;

	/** The request being read. */
	private @Nullable Exchange reading;

	/** Requests read and not yet answered, in the order they came. */
	private final ArrayDeque<Exchange> outstanding = new ArrayDeque<>();

	/** An answer that ends the connection was written: nothing more is read or answered. */
	private boolean closing;

	DeviceRequests(DeviceCredentials credentials, TelemetryIngest ingest, SourceLimits limits, Executor blocking,
			int maxBytes) {
		this.credentials = credentials;
		this.ingest = ingest;
		this.limits = limits;
		this.blocking = blocking;
		this.maxBytes = maxBytes;
	}

	/** One request and, once ready, its answer. */
	private static final class Exchange {

		final HttpRequest request;

		final String path;

		final boolean keepAlive;

		@Nullable CompositeByteBuf body;

		boolean tooLarge;

		@Nullable FullHttpResponse response;

		boolean close;

		Exchange(HttpRequest request) {
			this.request = request;
			String uri = request.uri();
			int query = uri.indexOf('?');
			this.path = query < 0 ? uri : uri.substring(0, query);
			this.keepAlive = HttpUtil.isKeepAlive(request);
		}

		void releaseBody() {
			CompositeByteBuf collected = body;
			body = null;
			if (collected != null) {
				collected.release();
			}
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.context = ctx;
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		closing = true;
		if (reading != null) {
			reading.releaseBody();
			reading = null;
		}
		for (Exchange exchange : outstanding) {
			exchange.releaseBody();
			if (exchange.response != null) {
				exchange.response.release();
			}
		}
		outstanding.clear();
		super.channelInactive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		try {
			if (!closing) {
				read(ctx, message);
			}
		}
		finally {
			ReferenceCountUtil.release(message);
		}
	}

	private void read(ChannelHandlerContext ctx, Object message) {
		if (message instanceof HttpRequest started) {
			Exchange exchange = new Exchange(started);
			if (started.decoderResult().isFailure()) {
				outstanding.add(exchange);
				exchange.close = true;
				answer(exchange, problem(exchange, Problems.MALFORMED_BODY, "The request could not be read as HTTP/1.1.", Map.of()));
				return;
			}
			exchange.tooLarge = HttpUtil.getContentLength(started, -1L) > maxBytes;
			exchange.body = ctx.alloc().compositeBuffer();
			reading = exchange;
			if (HttpUtil.is100ContinueExpected(started) && !exchange.tooLarge) {
				ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
			}
		}
		Exchange exchange = reading;
		if (message instanceof HttpContent content && exchange != null) {
			CompositeByteBuf collected = exchange.body;
			if (!exchange.tooLarge && collected != null && content.content().isReadable()) {
				collected.addComponent(true, content.content().retain());
				exchange.tooLarge = collected.readableBytes() > maxBytes;
			}
			if (message instanceof LastHttpContent) {
				reading = null;
				outstanding.add(exchange);
				if (outstanding.size() >= MAX_OUTSTANDING) {
					ctx.channel().config().setAutoRead(false);
				}
				handle(exchange);
			}
		}
	}

	/** Routes a complete request, authenticates its device, hands it to ingest. */
	private void handle(Exchange exchange) {
		if (!exchange.path.equals(TELEMETRY) && !exchange.path.equals(HEARTBEAT)) {
			answer(exchange, problem(exchange, Problems.NOT_FOUND, "This port serves device ingest only: POST " + TELEMETRY
					+ " and POST " + HEARTBEAT + ". Everything else is on the API port.", Map.of()));
			return;
		}
		if (!HttpMethod.POST.equals(exchange.request.method())) {
			FullHttpResponse refused = problem(exchange, Problems.METHOD_NOT_ALLOWED,
					exchange.request.method() + " is not allowed here: use POST.", Map.of());
			refused.headers().set(HttpHeaderNames.ALLOW, "POST");
			answer(exchange, refused);
			return;
		}
		String token = DeviceTokens.token(exchange.request.headers().get(DeviceTokens.HEADER),
				exchange.request.headers().get(HttpHeaderNames.AUTHORIZATION));
		if (token == null) {
			answer(exchange, unauthorized(exchange, DeviceTokens.CHALLENGE, DeviceTokens.MISSING));
			return;
		}
		AuthenticatedDevice known = credentials.cached(token);
		if (known != null) {
			ingest(exchange, known);
			return;
		}
		ChannelHandlerContext ctx = context();
		InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
		long retryAfter = limits.retryAfterSeconds(source);
		if (retryAfter > 0) {
			failed(exchange, SourceLimits.tooManyFailures(retryAfter));
			return;
		}
		blocking.execute(() -> {
			Optional<AuthenticatedDevice> device;
			try {
				device = credentials.authenticate(token);
			}
			catch (CirrusException e) {
				ctx.executor().execute(() -> failed(exchange, e));
				return;
			}
			catch (RuntimeException e) {
				log.warn("Could not check a device token: {}", e.getMessage());
				ctx.executor().execute(() -> failed(exchange, e));
				return;
			}
			if (device.isEmpty()) {
				limits.failed(source);
			}
			ctx.executor().execute(() -> {
				if (device.isPresent()) {
					ingest(exchange, device.get());
				}
				else {
					answer(exchange, unauthorized(exchange, DeviceTokens.INVALID_CHALLENGE, DeviceTokens.INVALID));
				}
			});
		});
	}

	private void ingest(Exchange exchange, AuthenticatedDevice device) {
		CompletableFuture<IngestResult> stored;
		if (exchange.path.equals(HEARTBEAT)) {
			stored = ingest.heartbeat(device, IngestSource.HTTP);
		}
		else if (exchange.tooLarge) {
			stored = CompletableFuture.failedFuture(ingest.tooLarge(device, IngestSource.HTTP));
		}
		else {
			CompositeByteBuf collected = exchange.body;
			byte[] bytes = collected == null ? new byte[0] : ByteBufUtil.getBytes(collected);
			stored = ingest.accept(device, bytes, IngestSource.HTTP);
		}
		exchange.releaseBody();
		ChannelHandlerContext ctx = context();
		stored.whenComplete((result, failure) -> ctx.executor().execute(() -> {
			if (failure == null) {
				answer(exchange, accepted(result));
			}
			else {
				failed(exchange, failure);
			}
		}));
	}

	private void failed(Exchange exchange, Throwable failure) {
		Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
		if (cause instanceof CirrusException problem) {
			FullHttpResponse response = problem(exchange, problem.type(), problem.getMessage(), problem.properties());
			if (problem.properties().get("retryAfterSeconds") instanceof Number seconds) {
				response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds.longValue()));
			}
			answer(exchange, response);
		}
		else {
			log.error("Device endpoint request to {} failed", exchange.path, cause);
			answer(exchange, problem(exchange, Problems.INTERNAL,
					"Cirrus could not handle the message; nothing was accepted. Send it again.", Map.of()));
		}
	}

	/** Sets the exchange's answer and writes every ready answer at the head, in order. */
	private void answer(Exchange exchange, FullHttpResponse response) {
		exchange.releaseBody();
		if (closing) {
			response.release();
			return;
		}
		exchange.response = response;
		ChannelHandlerContext ctx = context();
		boolean wrote = false;
		while (!outstanding.isEmpty() && outstanding.peek().response != null) {
			Exchange head = outstanding.poll();
			FullHttpResponse ready = head.response;
			boolean keepAlive = head.keepAlive && !head.close;
			HttpUtil.setContentLength(ready, ready.content().readableBytes());
			HttpUtil.setKeepAlive(ready, keepAlive);
			if (!keepAlive) {
				closing = true;
				ctx.writeAndFlush(ready).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			ctx.write(ready);
			wrote = true;
		}
		if (wrote) {
			ctx.flush();
		}
		if (outstanding.size() < MAX_OUTSTANDING / 2) {
			ctx.channel().config().setAutoRead(true);
		}
	}

	private static FullHttpResponse accepted(IngestResult result) {
		String json = "{\"readings\":" + result.readings() + ",\"receivedAt\":\"" + result.receivedAt() + "\"}";
		return response(HttpResponseStatus.ACCEPTED, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	private static FullHttpResponse problem(Exchange exchange, ProblemType type, String detail, Map<String, ?> properties) {
		return response(HttpResponseStatus.valueOf(type.status().value()), "application/problem+json",
				ProblemResponses.document(type, detail, exchange.path, properties));
	}

	private static FullHttpResponse unauthorized(Exchange exchange, String challenge, String detail) {
		FullHttpResponse response = problem(exchange, Problems.UNAUTHORIZED, detail, Map.of());
		response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
		return response;
	}

	private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] content) {
		ByteBuf buffer = Unpooled.wrappedBuffer(content);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buffer);
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
		response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
		return response;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent && outstanding.isEmpty()) {
			ctx.close();
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		log.debug("Device endpoint connection failed: {}", cause.toString());
		ctx.close();
	}

	private ChannelHandlerContext context() {
		ChannelHandlerContext ctx = context;
		if (ctx == null) {
			throw new IllegalStateException("not active");
		}
		return ctx;
	}
}
