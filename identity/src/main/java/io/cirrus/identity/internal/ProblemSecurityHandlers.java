package io.cirrus.identity.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Problems;
import io.cirrus.shared.Roles;
import io.cirrus.shared.web.ProblemResponses;

/**
 * 401 and 403 from the security filters as problem documents, with the {@code WWW-Authenticate} challenge of
 * RFC 6750. The detail never says why a token was refused beyond "invalid" or "expired".
 */
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException {
		boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		if (e instanceof CirrusJwtAuthentication.TenantRefused) {
			// A valid token, of an organization that may not act for the tenant: forbidden, and why.
			ProblemResponses.write(request, response, Problems.FORBIDDEN, e.getMessage());
		}
		else if (tokenSent) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			String detail = isExpiry(e) ? "The access token has expired. Get a new token from Keycloak and retry."
					: "The access token is invalid. Send a Keycloak access token of the cirrus realm as 'Authorization: Bearer <token>'.";
			ProblemResponses.write(request, response, Problems.UNAUTHORIZED, detail);
		}
		else {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			ProblemResponses.write(request, response, Problems.UNAUTHORIZED,
					"Authentication is required. Send a Keycloak access token as 'Authorization: Bearer <token>'.");
		}
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
			throws IOException {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		boolean roleless = who instanceof CirrusUser.Holder holder
				&& Roles.ALL.stream().noneMatch(holder.cirrusUser()::hasRole);
		ProblemResponses.write(request, response, Problems.FORBIDDEN, roleless
				? "Your account has no Cirrus role, so it may read or change nothing yet. Ask a tenant admin to grant you "
						+ "the tenant-admin, developer or viewer role."
				: "Your role does not allow this operation.");
	}

	private static boolean isExpiry(AuthenticationException e) {
		return e instanceof InvalidBearerTokenException && e.getMessage() != null && e.getMessage().contains("expired");
	}
}
