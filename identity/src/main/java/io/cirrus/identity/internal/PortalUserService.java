package io.cirrus.identity.internal;

import java.util.HashMap;
import java.util.Map;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import io.cirrus.shared.CirrusUser;

/**
 * Builds the portal's user from Keycloak's answer. Keycloak puts realm roles only in the access token, so the
 * access token is verified with the API's decoder (signature, issuer, audience, expiry) and read alongside the ID
 * token.
 */
class PortalUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private final OidcUserService delegate = new OidcUserService();

	private final JwtDecoder accessTokens;

	private final TokenClaims claims;

	PortalUserService(JwtDecoder accessTokens, TokenClaims claims) {
		this.accessTokens = accessTokens;
		this.claims = claims;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
		OidcUser oidc = delegate.loadUser(request);
		Jwt access = accessTokens.decode(request.getAccessToken().getTokenValue());
		Map<String, Object> merged = new HashMap<>(oidc.getClaims());
		merged.put("realm_access", access.getClaims().get("realm_access"));
		merged.putIfAbsent("organization", access.getClaims().get("organization"));
		CirrusUser user = claims.user(merged);
		return new CirrusOidcUser(TokenClaims.authorities(user), oidc.getIdToken(), oidc.getUserInfo(), user);
	}
}
