package io.cirrus.device.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.device.DeviceCredentials;
import io.cirrus.device.DeviceTokens;
import io.cirrus.device.SourceLimits;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.web.ProblemResponses;

/**
 * Authenticates device-facing requests by the device token ({@code X-Device-Token: <token>} or
 * {@code Authorization: Device <token>}): puts a {@link DeviceAuthentication} in the security context and binds the
 * device's tenant for the rest of the request. An unknown or revoked token is answered 401 here; a request without
 * a token continues anonymously and is refused by authorization (also 401), unless its path is public.
 */
class DeviceTokenFilter extends OncePerRequestFilter {

	private final DeviceCredentials credentials;

	private final SourceLimits limits;

	DeviceTokenFilter(DeviceCredentials credentials, SourceLimits limits) {
		this.credentials = credentials;
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		InetAddress source = InetAddress.ofLiteral(request.getRemoteAddr());
		if (isProvisioning(request)) {
			provision(request, response, chain, source);
			return;
		}
		String token = token(request);
		if (token == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<AuthenticatedDevice> device;
		AuthenticatedDevice known = credentials.cached(token);
		try {
			if (known != null) {
				device = Optional.of(known);
			}
			else {
				long retryAfter = limits.retryAfterSeconds(source);
				if (retryAfter > 0) {
					throw SourceLimits.tooManyFailures(retryAfter);
				}
				device = credentials.authenticate(token);
			}
		}
		catch (CirrusException e) {
			refuse(request, response, e);
			return;
		}
		if (device.isEmpty()) {
			limits.failed(source);
			DeviceProblemHandlers.invalidToken(request, response);
			return;
		}
		// Resolved per request: Vaadin installs its own strategy after the filter chains are built.
		SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
		SecurityContext context = contexts.createEmptyContext();
		context.setAuthentication(new DeviceAuthentication(device.get()));
		contexts.setContext(context);
		try {
			TenantContext.callAs(device.get().tenant(), () -> {
				chain.doFilter(request, response);
				return null;
			});
		}
		catch (IllegalStateException e) {
			if (e.getCause() instanceof IOException io) {
				throw io;
			}
			if (e.getCause() instanceof ServletException servlet) {
				throw servlet;
			}
			throw e;
		}
		finally {
			contexts.clearContext();
		}
	}

	/** Self-provisioning authenticates by its body (key and secret), not by a token: only its failures count. */
	private void provision(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			InetAddress source) throws ServletException, IOException {
		long retryAfter = limits.retryAfterSeconds(source);
		if (retryAfter > 0) {
			refuse(request, response, SourceLimits.tooManyFailures(retryAfter));
			return;
		}
		chain.doFilter(request, response);
		if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
			limits.failed(source);
		}
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, CirrusException e)
			throws IOException {
		if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
		}
		ProblemResponses.write(request, response, e.type(), e.getMessage(), e.properties());
	}

	private static boolean isProvisioning(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/provision");
	}

	static @Nullable String token(HttpServletRequest request) {
		return DeviceTokens.token(request.getHeader(DeviceTokens.HEADER), request.getHeader(HttpHeaders.AUTHORIZATION));
	}
}
