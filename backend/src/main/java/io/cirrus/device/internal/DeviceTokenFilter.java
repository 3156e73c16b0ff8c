package io.cirrus.device.internal;

import java.io.IOException;
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
import io.cirrus.shared.TenantContext;

/**
 * Authenticates device-facing requests by the device token ({@code X-Device-Token: <token>} or
 * {@code Authorization: Device <token>}): puts a {@link DeviceAuthentication} in the security context and binds the
 * device's tenant for the rest of the request. An unknown or revoked token is answered 401 here; a request without
 * a token continues anonymously and is refused by authorization (also 401), unless its path is public.
 */
class DeviceTokenFilter extends OncePerRequestFilter {

	private final DeviceCredentials credentials;

	DeviceTokenFilter(DeviceCredentials credentials) {
		this.credentials = credentials;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = token(request);
		if (token == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<AuthenticatedDevice> device = credentials.authenticate(token);
		if (device.isEmpty()) {
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

	/** Self-provisioning authenticates by its body (key and secret), not by a token. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/provision");
	}

	static @Nullable String token(HttpServletRequest request) {
		return DeviceTokens.token(request.getHeader(DeviceTokens.HEADER), request.getHeader(HttpHeaders.AUTHORIZATION));
	}
}
