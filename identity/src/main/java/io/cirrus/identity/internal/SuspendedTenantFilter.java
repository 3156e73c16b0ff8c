package io.cirrus.identity.internal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Problems;
import io.cirrus.shared.web.ProblemResponses;
import io.cirrus.tenant.TenantSuspensions;

/**
 * Every API call of a suspended tenant's user answers 403 "Tenant suspended" with the reason, whatever the
 * endpoint; runs after authorization, so a refused token or role is answered as before. Platform admins belong to no
 * tenant and are never refused here.
 */
class SuspendedTenantFilter extends OncePerRequestFilter {

	private final TenantSuspensions suspensions;

	SuspendedTenantFilter(TenantSuspensions suspensions) {
		this.suspensions = suspensions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		Optional<TenantSuspensions.Suspension> suspension = who instanceof CirrusUser.Holder holder
				? holder.cirrusUser().tenantRef().flatMap(tenant -> suspensions.of(tenant.id()))
				: Optional.empty();
		if (suspension.isPresent()) {
			ProblemResponses.write(request, response, Problems.TENANT_SUSPENDED, suspension.get().detail(),
					suspension.get().properties());
			return;
		}
		chain.doFilter(request, response);
	}
}
