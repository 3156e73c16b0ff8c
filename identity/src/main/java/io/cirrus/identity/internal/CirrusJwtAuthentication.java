package io.cirrus.identity.internal;

import java.util.Collection;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Problems;

/** An API caller authenticated by a Keycloak access token. */
class CirrusJwtAuthentication extends JwtAuthenticationToken implements CirrusUser.Holder {

	private final CirrusUser user;

	CirrusJwtAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, CirrusUser user) {
		super(jwt, authorities, user.username());
		this.user = user;
	}

	/**
	 * The caller of a verified token. A token whose organization Cirrus refuses (not the tenant's organization) is an
	 * authentication failure that says why: the entry point answers it 403 with that reason.
	 */
	static CirrusJwtAuthentication of(Jwt token, TokenClaims claims) {
		CirrusUser user;
		try {
			user = claims.user(token.getClaims());
		}
		catch (CirrusException e) {
			if (e.type() != Problems.FORBIDDEN) {
				throw e;
			}
			throw new TenantRefused(e.getMessage());
		}
		return new CirrusJwtAuthentication(token, TokenClaims.authorities(user), user);
	}

	/** A valid token of an organization Cirrus does not let act for the tenant of its alias. */
	static final class TenantRefused extends AuthenticationException {

		TenantRefused(String reason) {
			super(reason);
		}
	}

	@Override
	public CirrusUser cirrusUser() {
		return user;
	}
}
