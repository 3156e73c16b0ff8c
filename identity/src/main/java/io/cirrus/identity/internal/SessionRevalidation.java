package io.cirrus.identity.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.CirrusUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps a portal session in step with Keycloak. At most once per {@code cirrus.identity.session-check} of use, the
 * session's refresh token is exchanged at Keycloak: a user signed out there, disabled, removed, or past the realm's
 * maximum session age gets {@code invalid_grant}, and the session ends here at once (the next page asks to sign in).
 * Otherwise the fresh access token's roles and organization replace the session's, so a role granted or taken in
 * Keycloak applies within that time instead of at the next sign-in. The session, not this instance, holds what it
 * needs (its tokens and when it was last checked), so any instance serving the session can check it.
 */
final class SessionRevalidation extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SessionRevalidation.class);

	static final String CHECKED_AT = SessionRevalidation.class.getName() + ".checkedAt";

	private final OAuth2AuthorizedClientRepository clients;

	private final JwtDecoder accessTokens;

	private final TokenClaims claims;

	private final Duration interval;

	private final Clock clock;

	private final RestClientRefreshTokenTokenResponseClient keycloak = new RestClientRefreshTokenTokenResponseClient();

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	SessionRevalidation(OAuth2AuthorizedClientRepository clients, JwtDecoder accessTokens, TokenClaims claims,
			Duration interval, Clock clock) {
		this.clients = clients;
		this.accessTokens = accessTokens;
		this.claims = claims;
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken token
				&& token.getPrincipal() instanceof CirrusOidcUser) {
			boolean ended;
			synchronized (WebUtils.getSessionMutex(session)) {
				ended = due(session) && !stillValid(token, request, response);
			}
			if (ended) {
				log.info("The portal session of {} ended: Keycloak no longer accepts it", token.getName());
				SecurityContextHolder.clearContext();
				session.invalidate();
			}
		}
		chain.doFilter(request, response);
	}

	/** Whether the session is due for a check; marks it checked now. A session just signed in counts as checked. */
	private boolean due(HttpSession session) {
		Instant now = clock.instant();
		Instant checked = (Instant) session.getAttribute(CHECKED_AT);
		if (checked != null && Duration.between(checked, now).compareTo(interval) < 0) {
			return false;
		}
		session.setAttribute(CHECKED_AT, now);
		return checked != null;
	}

	/** Asks Keycloak for fresh tokens; false when Keycloak says the session is over. */
	private boolean stillValid(OAuth2AuthenticationToken token, HttpServletRequest request, HttpServletResponse response) {
		OAuth2AuthorizedClient client = clients.loadAuthorizedClient(token.getAuthorizedClientRegistrationId(), token, request);
		if (client == null || client.getRefreshToken() == null) {
			return false; // nothing to show Keycloak: sign in again
		}
		OAuth2AccessTokenResponse fresh;
		try {
			fresh = keycloak.getTokenResponse(new OAuth2RefreshTokenGrantRequest(client.getClientRegistration(),
					client.getAccessToken(), client.getRefreshToken()));
		}
		catch (OAuth2AuthorizationException e) {
			if (OAuth2ErrorCodes.INVALID_GRANT.equals(e.getError().getErrorCode())) {
				return false;
			}
			log.warn("Could not check the portal session of {} at Keycloak (kept): {}", token.getName(), e.getMessage());
			return true;
		}
		catch (RuntimeException e) {
			// Keycloak unreachable or slow: nobody is signed out for that; the next request tries again.
			log.warn("Could not check the portal session of {} at Keycloak (kept): {}", token.getName(), e.getMessage());
			return true;
		}
		clients.saveAuthorizedClient(new OAuth2AuthorizedClient(client.getClientRegistration(), client.getPrincipalName(),
				fresh.getAccessToken(), fresh.getRefreshToken() != null ? fresh.getRefreshToken() : client.getRefreshToken()),
				token, request, response);
		CirrusOidcUser current = (CirrusOidcUser) token.getPrincipal();
		CirrusUser user;
		try {
			user = claims.user(PortalUserService.claims(current.getClaims(), accessTokens.decode(fresh.getAccessToken().getTokenValue())));
		}
		catch (CirrusException e) {
			log.info("The portal session of {} ends: {}", token.getName(), e.getMessage());
			return false; // e.g. the organization is not the tenant's
		}
		if (!user.equals(current.cirrusUser())) {
			CirrusOidcUser changed = new CirrusOidcUser(TokenClaims.authorities(user), current.getIdToken(), current.getUserInfo(), user);
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(new OAuth2AuthenticationToken(changed, changed.getAuthorities(),
					token.getAuthorizedClientRegistrationId()));
			SecurityContextHolder.setContext(context);
			contexts.saveContext(context, request, response);
			log.info("The roles of {} changed in Keycloak: now {}", token.getName(), user.roles());
		}
		return true;
	}
}
