package io.cirrus.shared.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;

/**
 * A cap on every request body the API reads: 413 with a problem document, before a byte is read when the client
 * declares a larger {@code Content-Length}, and as soon as the cap is passed when it does not (chunked). Without
 * it a JSON body was read whole, whatever its size, before anything looked at it. The device CSV import may be
 * larger (as large as the portal's upload); telemetry and audio clips keep their own, smaller limits, which
 * their controllers check with messages of their own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RequestBodyLimit extends OncePerRequestFilter {

	private static final java.util.Set<String> OWN_LIMIT = java.util.Set.of("/api/v1/telemetry", "/api/v1/heartbeat",
			"/api/v1/notifications/audio");

	private final long maxBody;

	private final long maxImport;

	RequestBodyLimit(@Value("${cirrus.api.max-body-size:1MB}") DataSize maxBody,
			@Value("${cirrus.api.max-import-size:20MB}") DataSize maxImport) {
		this.maxBody = maxBody.toBytes();
		this.maxImport = maxImport.toBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		// Device ingest and audio clips read at most their own, smaller limit themselves and say so in their words.
		return !path.startsWith("/api/") || OWN_LIMIT.contains(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(request.getRequestURI());
		if (request.getContentLengthLong() > limit) {
			ProblemResponses.write(request, response, Problems.PAYLOAD_TOO_LARGE, message(limit),
					Map.of("limitBytes", limit));
			return;
		}
		chain.doFilter(new Capped(request, limit), response);
	}

	long limitFor(String path) {
		return path.equals("/api/v1/devices/import") ? maxImport : maxBody;
	}

	static String message(long limit) {
		return "The request body is larger than " + DataSize.ofBytes(limit).toKilobytes()
				+ " KiB, the most this operation accepts. Send less per request (for example, split a batch).";
	}

	/** Thrown while reading past the cap; the API answers it with 413. */
	static final class TooLarge extends CirrusException {

		TooLarge(long limit) {
			super(Problems.PAYLOAD_TOO_LARGE, message(limit), Map.of("limitBytes", limit));
		}
	}

	private static final class Capped extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		Capped(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new CountingStream(super.getInputStream(), limit);
			}
			return stream;
		}
	}

	private static final class CountingStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long read;

		CountingStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) {
			read += n;
			if (read > limit) {
				throw new TooLarge(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}
	}
}
