package io.cirrus.portal;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.dashboard.ui.HomeDashboards;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.tenant.TenantSettingsService;

import jakarta.annotation.security.PermitAll;

/**
 * Home is a dashboard: who you are, then for a tenant's users their devices, alarms, traffic and what needs their
 * attention, and for platform admins the platform across tenants (both from {@link HomeDashboards}, live).
 */
@Route("")
@PageTitle("Home · Cirrus")
@Menu(title = "Home", order = 0, icon = "HOME")
@PermitAll
class HomeView extends VerticalLayout {

	HomeView(TenantSettingsService settings, HomeDashboards dashboards) {
		CirrusUser user = TenantContext.currentUser().orElseThrow();
		add(new H1("Welcome, " + user.displayName()));
		Div facts = new Div();
		facts.addClassName("cirrus-facts");
		facts.add(fact("Username", user.username(), "home-username"));
		facts.add(fact("E-mail", user.email() == null ? "—" : user.email(), "home-email"));
		facts.add(fact("Tenant", user.tenantRef().isPresent() ? settings.current().displayName() + " (" + user.tenantRef().get().alias() + ")"
				: "none — platform administration", "home-tenant"));
		facts.add(fact("Roles", String.join(", ", Roles.ALL.stream().filter(user::hasRole).toList()), "home-roles"));
		add(facts);
		if (user.roles().isEmpty()) {
			Paragraph none = new Paragraph("Your account has no Cirrus role yet, so there is nothing to show. Ask your "
					+ "tenant admin to grant you the tenant-admin, developer or viewer role, then sign in again.");
			none.setId("home-no-role");
			add(none);
		}
		else if (user.tenantRef().isPresent()
				&& (user.hasRole(Roles.TENANT_ADMIN) || user.hasRole(Roles.DEVELOPER) || user.hasRole(Roles.VIEWER))) {
			add(dashboards.tenant());
		}
		else if (user.hasRole(Roles.PLATFORM_ADMIN)) {
			add(dashboards.platform());
		}
	}

	private static Div fact(String label, String value, String id) {
		Span name = new Span(label);
		name.addClassName("cirrus-fact-label");
		Span text = new Span(value);
		text.setId(id);
		return new Div(name, text);
	}
}
