package io.cirrus.identity.internal;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.cirrus.shared.CirrusUser;

/** An API caller authenticated by a Keycloak access token. */
class CirrusJwtAuthentication extends JwtAuthenticationToken implements CirrusUser.Holder {

	private final CirrusUser user;

	CirrusJwtAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, CirrusUser user) {
		super(jwt, authorities, user.username());
		this.user = user;
	}

	@Override
	public CirrusUser cirrusUser() {
		return user;
	}
}
