package io.cirrus.app;

import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantId;

/**
 * Who a scheduled deployment acts as when its time comes, on a scheduler thread without a signed-in person: a
 * developer of the deployment's tenant named {@code scheduler}, so validating the version again may read what the
 * tenant's developers may read (devices, channels, webhooks) and nothing beyond.
 */
final class SchedulerAuthentication extends AbstractAuthenticationToken implements CirrusUser.Holder {

	private final CirrusUser user;

	SchedulerAuthentication(TenantId tenant) {
		super(List.of(new SimpleGrantedAuthority(Roles.authority(Roles.DEVELOPER))));
		this.user = new CirrusUser(AppDeployments.SCHEDULER, AppDeployments.SCHEDULER, "Scheduler", null,
				new CirrusUser.TenantRef(tenant, AppDeployments.SCHEDULER, AppDeployments.SCHEDULER), Set.of(Roles.DEVELOPER));
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return user.username();
	}

	@Override
	public CirrusUser cirrusUser() {
		return user;
	}
}
