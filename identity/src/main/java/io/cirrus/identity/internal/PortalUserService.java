package io.cirrus.identity.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import io.cirrus.shared.CirrusException;
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
		CirrusUser user;
		try {
			user = claims.user(claims(oidc.getClaims(), access));
		}
		catch (CirrusException e) {
			// A sign-in Cirrus refuses (an organization that is not the tenant's): a failed login that says why.
			throw new OAuth2AuthenticationException(new OAuth2Error("access_denied", e.getMessage(), null), e.getMessage(), e);
		}
		return new CirrusOidcUser(TokenClaims.authorities(user), oidc.getIdToken(), oidc.getUserInfo(), user);
	}

	/** The claims a portal user is read from: the ID token's, with roles and organizations from the access token. */
	static Map<String, Object> claims(Map<String, Object> idToken, Jwt access) {
		Map<String, Object> merged = new HashMap<>(idToken);
		merged.put("realm_access", access.getClaims().get("realm_access"));
		for (String organizations : List.of("organization", TokenClaims.ORGANIZATION_IDS)) {
			if (access.getClaims().get(organizations) != null) {
				merged.put(organizations, access.getClaims().get(organizations));
			}
		}
		return merged;
	}
}
