package io.cirrus.portal;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.ui.Times;
import io.cirrus.tenant.TenantSuspensions;

import jakarta.annotation.security.PermitAll;

/**
 * What a suspended tenant's users see instead of any view (docs/adr/0035): that their organisation's access is
 * suspended, why and since when, and what to do. No navigation: there is nothing else to open.
 */
@Route(value = "suspended", autoLayout = false)
@PageTitle("Access suspended · Cirrus")
@PermitAll
class SuspendedView extends VerticalLayout {

	SuspendedView(TenantSuspensions suspensions, AuthenticationContext authentication) {
		setId("suspended");
		addClassName("cirrus-suspended");
		getElement().setAttribute("role", "main");
		add(new H1("Your organisation's access is suspended"));
		TenantContext.currentUser()
			.flatMap(user -> user.tenantRef())
			.flatMap(tenant -> suspensions.of(tenant.id()))
			.ifPresent(suspension -> {
				Paragraph why = new Paragraph("A platform administrator suspended '" + suspension.alias() + "' on "
						+ Times.dateMinute(suspension.since()) + ". Reason: " + suspension.reason());
				why.setId("suspended-reason");
				add(why);
			});
		Paragraph what = new Paragraph("While it is suspended nobody of your organisation can open the portal or use "
				+ "the API, its devices cannot send data and its apps do not run. Nothing has been deleted. Ask your "
				+ "organisation's administrator or the platform's support to have it resumed; this page opens the "
				+ "portal again once it is.");
		what.setId("suspended-what-to-do");
		add(what);
		Button signOut = new Button("Sign out", e -> authentication.logout());
		signOut.setId("sign-out");
		signOut.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		add(signOut);
	}
}
