package io.cirrus.telemetry.endpoint;

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
 * One HTTP/1.1 connection of the device endpoint. Requests are answered one at a time, in order: a request that
 * arrives while the previous one waits for Kafka is held (and the connection not read) until that answer is written.
 * The body is kept up to the size limit plus one byte; a larger one is read and dropped, and refused like on the API
 * port (400 naming {@code body}, counted for the device). Token checks that miss the cache run on virtual threads.
 */
final class DeviceRequests extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(DeviceRequests.class);

	static final String TELEMETRY = "/api/v1/telemetry";

	static final String HEARTBEAT = "/api/v1/heartbeat";

	private final DeviceCredentials credentials;

	private final TelemetryIngest ingest;

	private final Executor blocking;

	private final int maxBytes;

	private @Nullable ChannelHandlerContext context;

	// The request being read or answered.

	private @Nullable HttpRequest request;

	private String path = "";

	private @Nullable CompositeByteBuf body;

	private boolean tooLarge;

	private boolean answering;

	/** What arrived while a request was being answered (pipelining): read after the answer. */
	private final ArrayDeque<Object> held = new ArrayDeque<>();

	DeviceRequests(DeviceCredentials credentials, TelemetryIngest ingest, Executor blocking, int maxBytes) {
		this.credentials = credentials;
		this.ingest = ingest;
		this.blocking = blocking;
		this.maxBytes = maxBytes;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.context = ctx;
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		releaseBody();
		held.forEach(ReferenceCountUtil::release);
		held.clear();
		super.channelInactive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (answering) {
			held.add(message);
			ctx.channel().config().setAutoRead(false);
			return;
		}
		try {
			read(ctx, message);
		}
		finally {
			ReferenceCountUtil.release(message);
		}
	}

	private void read(ChannelHandlerContext ctx, Object message) {
		if (message instanceof HttpRequest started) {
			if (started.decoderResult().isFailure()) {
				request = started;
				answer(problem(Problems.MALFORMED_BODY, "The request could not be read as HTTP/1.1.", Map.of()), false);
				return;
			}
			request = started;
			String uri = started.uri();
			int query = uri.indexOf('?');
			path = query < 0 ? uri : uri.substring(0, query);
			tooLarge = HttpUtil.getContentLength(started, -1L) > maxBytes;
			releaseBody();
			body = ctx.alloc().compositeBuffer();
			if (HttpUtil.is100ContinueExpected(started) && !tooLarge) {
				ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
			}
		}
		if (message instanceof HttpContent content && request != null) {
			CompositeByteBuf collected = body;
			if (!tooLarge && collected != null && content.content().isReadable()) {
				collected.addComponent(true, content.content().retain());
				tooLarge = collected.readableBytes() > maxBytes;
			}
			if (message instanceof LastHttpContent) {
				answering = true;
				handle();
			}
		}
	}

	/** Routes the complete request, authenticates its device, hands it to ingest. */
	private void handle() {
		HttpRequest current = request();
		if (!path.equals(TELEMETRY) && !path.equals(HEARTBEAT)) {
			answer(problem(Problems.NOT_FOUND, "This port serves device ingest only: POST " + TELEMETRY + " and POST "
					+ HEARTBEAT + ". Everything else is on the API port.", Map.of()), true);
			return;
		}
		if (!HttpMethod.POST.equals(current.method())) {
			FullHttpResponse refused = problem(Problems.METHOD_NOT_ALLOWED, current.method() + " is not allowed here: use POST.", Map.of());
			refused.headers().set(HttpHeaderNames.ALLOW, "POST");
			answer(refused, true);
			return;
		}
		String token = DeviceTokens.token(current.headers().get(DeviceTokens.HEADER),
				current.headers().get(HttpHeaderNames.AUTHORIZATION));
		if (token == null) {
			answer(unauthorized(DeviceTokens.CHALLENGE, DeviceTokens.MISSING), true);
			return;
		}
		AuthenticatedDevice known = credentials.cached(token);
		if (known != null) {
			ingest(known);
			return;
		}
		ChannelHandlerContext ctx = context();
		blocking.execute(() -> {
			Optional<AuthenticatedDevice> device;
			try {
				device = credentials.authenticate(token);
			}
			catch (RuntimeException e) {
				log.warn("Could not check a device token: {}", e.getMessage());
				ctx.executor().execute(() -> failed(e));
				return;
			}
			ctx.executor().execute(() -> {
				if (device.isPresent()) {
					ingest(device.get());
				}
				else {
					answer(unauthorized(DeviceTokens.INVALID_CHALLENGE, DeviceTokens.INVALID), true);
				}
			});
		});
	}

	private void ingest(AuthenticatedDevice device) {
		CompletableFuture<IngestResult> stored;
		if (path.equals(HEARTBEAT)) {
			stored = ingest.heartbeat(device, IngestSource.HTTP);
		}
		else if (tooLarge) {
			stored = CompletableFuture.failedFuture(ingest.tooLarge(device, IngestSource.HTTP));
		}
		else {
			CompositeByteBuf collected = body;
			byte[] bytes = collected == null ? new byte[0] : ByteBufUtil.getBytes(collected);
			stored = ingest.accept(device, bytes, IngestSource.HTTP);
		}
		ChannelHandlerContext ctx = context();
		stored.whenComplete((result, failure) -> ctx.executor().execute(() -> {
			if (failure == null) {
				answer(accepted(result), true);
			}
			else {
				failed(failure);
			}
		}));
	}

	private void failed(Throwable failure) {
		Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
		if (cause instanceof CirrusException problem) {
			FullHttpResponse response = problem(problem.type(), problem.getMessage(), problem.properties());
			if (problem.properties().get("retryAfterSeconds") instanceof Number seconds) {
				response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds.longValue()));
			}
			answer(response, true);
		}
		else {
			log.error("Device endpoint request to {} failed", path, cause);
			answer(problem(Problems.INTERNAL, "Cirrus could not handle the message; nothing was accepted. Send it again.",
					Map.of()), true);
		}
	}

	/** Writes the answer, then reads what was held back; {@code keepOpen} false (or the client's wish) closes. */
	private void answer(FullHttpResponse response, boolean keepOpen) {
		ChannelHandlerContext ctx = context();
		boolean keepAlive = keepOpen && request != null && HttpUtil.isKeepAlive(request);
		HttpUtil.setContentLength(response, response.content().readableBytes());
		HttpUtil.setKeepAlive(response, keepAlive);
		releaseBody();
		request = null;
		answering = false;
		if (!ctx.channel().isActive()) {
			response.release();
			return;
		}
		var written = ctx.writeAndFlush(response);
		if (!keepAlive) {
			written.addListener(ChannelFutureListener.CLOSE);
			return;
		}
		while (!held.isEmpty() && !answering) {
			Object next = held.poll();
			try {
				read(ctx, next);
			}
			finally {
				ReferenceCountUtil.release(next);
			}
		}
		if (!answering) {
			ctx.channel().config().setAutoRead(true);
		}
	}

	private static FullHttpResponse accepted(IngestResult result) {
		String json = "{\"readings\":" + result.readings() + ",\"receivedAt\":\"" + result.receivedAt() + "\"}";
		return response(HttpResponseStatus.ACCEPTED, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	private FullHttpResponse problem(ProblemType type, String detail, Map<String, ?> properties) {
		return response(HttpResponseStatus.valueOf(type.status().value()), "application/problem+json",
				ProblemResponses.document(type, detail, path, properties));
	}

	private FullHttpResponse unauthorized(String challenge, String detail) {
		FullHttpResponse response = problem(Problems.UNAUTHORIZED, detail, Map.of());
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
		if (event instanceof IdleStateEvent && !answering) {
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

	private void releaseBody() {
		CompositeByteBuf collected = body;
		body = null;
		if (collected != null) {
			collected.release();
		}
	}

	private HttpRequest request() {
		HttpRequest current = request;
		if (current == null) {
			throw new IllegalStateException("no request");
		}
		return current;
	}

	private ChannelHandlerContext context() {
		ChannelHandlerContext ctx = context;
		if (ctx == null) {
			throw new IllegalStateException("not active");
		}
		return ctx;
	}
}
