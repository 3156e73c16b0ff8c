package io.cirrus.device.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.cirrus.device.DeviceTokens;
import io.cirrus.shared.Problems;
import io.cirrus.shared.web.ProblemResponses;

/**
 * 401 and 403 of the device-facing paths as problem documents, like the user API's (identity module), with a
 * {@code WWW-Authenticate: Device} challenge. The detail never says whether a token was unknown or revoked.
 */
class DeviceProblemHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException {
		response.setHeader("WWW-Authenticate", DeviceTokens.CHALLENGE);
		ProblemResponses.write(request, response, Problems.UNAUTHORIZED, DeviceTokens.MISSING);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
			throws IOException {
		ProblemResponses.write(request, response, Problems.FORBIDDEN,
				"These paths are for devices: authenticate with a device token, not a user's access token.");
	}

	static void invalidToken(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader("WWW-Authenticate", DeviceTokens.INVALID_CHALLENGE);
		ProblemResponses.write(request, response, Problems.UNAUTHORIZED, DeviceTokens.INVALID);
	}
}
