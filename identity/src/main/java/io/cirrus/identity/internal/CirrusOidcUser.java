package io.cirrus.identity.internal;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import io.cirrus.shared.CirrusUser;

/** A person signed in to the portal through Keycloak. */
class CirrusOidcUser extends DefaultOidcUser implements CirrusUser.Holder {

	private final CirrusUser user;

	CirrusOidcUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
			CirrusUser user) {
		super(authorities, idToken, userInfo, "preferred_username");
		this.user = user;
	}

	@Override
	public CirrusUser cirrusUser() {
		return user;
	}
}
