package io.cirrus.shared.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Calls webhook endpoints that tenants name, so it trusts none of them. The URL passes {@link UrlPolicy}, which
 * resolves the host once and checks every address; the call connects to the first checked address and nowhere else
 * (the target carries the address, so Apache HttpClient does no lookup of its own: DNS rebinding cannot turn it
 * inward), while the Host header, TLS SNI and certificate check use the name. Each call is bounded as a whole: a
 * connect timeout, a read timeout between bytes, and a deadline after which the connection is closed whatever the
 * endpoint is doing (trickling headers or body, or never ending it); at most {@code maxResponseBytes} of the answer
 * are read. No redirects, no retries, no proxy from system properties, a few connections per endpoint at most.
 * Failures carry a generic text (status code, "connection refused", "timed out") that is safe to show the tenant: no
 * exception message, address or answer of the far side. See docs/adr/0030.
 */
public final class WebhookClient implements AutoCloseable {

	/**
	 * @param connectTimeout   TCP connect (and TLS handshake) timeout
	 * @param readTimeout      longest silence between two reads
	 * @param deadline         longest a whole call may take (connect, request, headers, body)
	 * @param maxResponseBytes answer bytes read at most; the rest is not read (the connection is closed)
	 * @param maxPerEndpoint   connections to one endpoint address at once; a call beyond waits at most a second
	 */
	public record Limits(Duration connectTimeout, Duration readTimeout, Duration deadline, int maxResponseBytes,
			int maxPerEndpoint) {

		public static Limits defaults() {
			return new Limits(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024, 4);
		}
	}

	/** Why a call failed, in words the tenant may see. */
	public static final class Failure extends Exception {

		Failure(String message) {
			super(message, null, false, false);
		}
	}

	/** The endpoint's answer: its status and the first bytes of its body (never shown to tenants). */
	public record Answer(int status, byte[] head) {

		public boolean successful() {
			return status / 100 == 2;
		}
	}

	private static final ScheduledExecutorService DEADLINES = deadlines();

	/** Headers the caller may not set: they would point the request elsewhere or break its framing. */
	private static final java.util.Set<String> RESERVED = java.util.Set.of("host", "content-length", "transfer-encoding",
			"connection", "upgrade", "te", "trailer", "expect", "proxy-authorization");

	private final UrlPolicy policy;

	private final Limits limits;

	private final CloseableHttpClient http;

	public WebhookClient(UrlPolicy policy, Limits limits) {
		this.policy = policy;
		this.limits = limits;
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new NoLookups())
				.setMaxConnTotal(Math.max(50, limits.maxPerEndpoint() * 10))
				.setMaxConnPerRoute(limits.maxPerEndpoint())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(limits.connectTimeout()))
					.setSocketTimeout(Timeout.of(limits.readTimeout()))
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setRedirectsEnabled(false)
				.setConnectionRequestTimeout(Timeout.ofSeconds(1))
				.setResponseTimeout(Timeout.of(limits.readTimeout()))
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.setUserAgent("Cirrus-Webhooks/1")
			.build();
	}

	/**
	 * Sends {@code body} with {@code method} to {@code url}; {@code deadline} (at most the configured one) bounds
	 * the whole call. Answers whatever status came back; throws only when there was no answer.
	 */
	public Answer send(String method, String url, Map<String, String> headers, byte[] body, String contentType,
			Duration deadline) throws Failure {
		UrlPolicy.Checked checked;
		try {
			checked = policy.check(url);
		}
		catch (UrlPolicy.Refused e) {
			throw new Failure("the endpoint URL " + e.getMessage());
		}
		URI uri = checked.uri();
		InetAddress address = checked.addresses().getFirst();
		String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
		int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
		String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
		HttpHost target = new HttpHost(scheme, address, host, port);
		HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
		headers.forEach((name, value) -> {
			if (!RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				request.setHeader(name, value);
			}
		});
		request.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
		Duration bound = deadline.compareTo(limits.deadline()) < 0 ? deadline : limits.deadline();
		AtomicBoolean expired = new AtomicBoolean();
		ScheduledFuture<?> timer = DEADLINES.schedule(() -> {
			expired.set(true);
			request.cancel();
		}, bound.toMillis(), TimeUnit.MILLISECONDS);
		ClassicHttpResponse response = null;
		boolean drained = false;
		int status;
		byte[] head = new byte[0];
		try {
			response = http.executeOpen(target, request, null);
			status = response.getCode();
			if (response.getEntity() == null) {
				drained = true;
			}
			else {
				try {
					InputStream in = response.getEntity().getContent();
					head = in.readNBytes(limits.maxResponseBytes());
					drained = in.read() < 0;
				}
				catch (IOException e) {
					if (!expired.get()) {
						throw e;
					}
				}
			}
		}
		catch (IOException e) {
			throw new Failure(expired.get() ? "timed out after " + bound.toMillis() + " ms" : describe(e));
		}
		finally {
			timer.cancel(false);
			if (!drained) {
				request.cancel(); // close the connection rather than read (drain) what is left
			}
			if (response != null) {
				try {
					response.close();
				}
				catch (IOException e) {
					// the connection is gone, which is all we wanted
				}
			}
		}
		if (expired.get()) {
			throw new Failure("timed out after " + bound.toMillis() + " ms");
		}
		return new Answer(status, head);
	}

	/** A generic text for what went wrong; never the exception's message, which may name internal hosts. */
	static String describe(IOException e) {
		if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException
				|| e instanceof InterruptedIOException) {
			return "timed out";
		}
		if (e instanceof HttpHostConnectException || e instanceof ConnectException) {
			return "connection refused";
		}
		if (e instanceof NoRouteToHostException) {
			return "the endpoint is unreachable";
		}
		if (e instanceof UnknownHostException) {
			return "the host name does not resolve";
		}
		if (e instanceof SSLException) {
			return "the TLS handshake failed";
		}
		if (e instanceof org.apache.hc.client5.http.ClientProtocolException
				|| e.getCause() instanceof org.apache.hc.core5.http.HttpException
				|| e instanceof org.apache.hc.core5.http.NoHttpResponseException) {
			return "the endpoint did not answer HTTP";
		}
		return "the connection failed";
	}

	@Override
	public void close() {
		http.close(CloseMode.IMMEDIATE);
	}

	private static ScheduledExecutorService deadlines() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				Thread.ofPlatform().daemon().name("webhook-deadlines").factory());
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	/** The target always carries its checked address; a lookup here would be a second resolution. */
	private static final class NoLookups implements org.apache.hc.client5.http.DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			throw new UnknownHostException("webhook calls connect to checked addresses only");
		}

		@Override
		public String resolveCanonicalHostname(String host) throws UnknownHostException {
			throw new UnknownHostException("webhook calls connect to checked addresses only");
		}
	}
}
