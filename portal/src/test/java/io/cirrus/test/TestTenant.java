package io.cirrus.test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantId;

/**
 * A tenant made for one test (a row in the tenant registry) and a signed-in member of it, for tests that call
 * services in-process at volumes the HTTP API would make slow.
 */
public record TestTenant(TenantId id, String alias) {

	public static TestTenant create(JdbcClient jdbc) {
		TenantId id = TenantId.random();
		String alias = "t-" + id.value().toString().substring(0, 8);
		jdbc.sql("insert into tenant (id, alias, name) values (?, ?, ?)").params(id.value(), alias, "Test " + alias).update();
		return new TestTenant(id, alias);
	}

	/** Runs {@code work} as a developer of this tenant. */
	public <T> T asDeveloper(Callable<T> work) {
		CirrusUser user = new CirrusUser("dev-" + alias, "dev-" + alias, "Developer", null,
				new CirrusUser.TenantRef(id, alias, "Test " + alias), Set.of(Roles.DEVELOPER));
		var previous = SecurityContextHolder.getContext().getAuthentication();
		SecurityContextHolder.getContext().setAuthentication(new Authentication(user));
		try {
			return work.call();
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
		finally {
			SecurityContextHolder.getContext().setAuthentication(previous);
		}
	}

	static final class Authentication extends AbstractAuthenticationToken implements CirrusUser.Holder {

		private final CirrusUser user;

		Authentication(CirrusUser user) {
			super(List.of(new SimpleGrantedAuthority(Roles.authority(Roles.DEVELOPER))));
			this.user = user;
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

	public String uniqueId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}
}
