package io.cirrus.portal;

import org.springframework.stereotype.Component;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;

import io.cirrus.shared.TenantContext;
import io.cirrus.tenant.TenantSuspensions;

/**
 * A suspended tenant's users land on {@link SuspendedView} whatever they open; once the tenant is resumed that page
 * takes them home. Platform admins belong to no tenant and are never sent there.
 */
@Component
class SuspensionGuard implements VaadinServiceInitListener {

	private final TenantSuspensions suspensions;

	SuspensionGuard(TenantSuspensions suspensions) {
		this.suspensions = suspensions;
	}

	@Override
	public void serviceInit(ServiceInitEvent event) {
		event.getSource().addUIInitListener(init -> init.getUI().addBeforeEnterListener(this::beforeEnter));
	}

	private void beforeEnter(BeforeEnterEvent event) {
		boolean suspended = TenantContext.currentUser()
			.flatMap(user -> user.tenantRef())
			.map(tenant -> suspensions.isSuspended(tenant.id()))
			.orElse(false);
		boolean toSuspendedPage = SuspendedView.class.equals(event.getNavigationTarget());
		if (suspended && !toSuspendedPage) {
			event.forwardTo(SuspendedView.class);
		}
		else if (!suspended && toSuspendedPage) {
			event.forwardTo(HomeView.class);
		}
	}
}
