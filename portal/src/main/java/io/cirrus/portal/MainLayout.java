package io.cirrus.portal;

import java.util.List;

import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;

import io.cirrus.notification.InboxService;
import io.cirrus.shared.CirrusUser;
import io.cirrus.shared.TenantContext;
import io.cirrus.tenant.TenantSettingsService;

/**
 * The frame of every portal page: side navigation with exactly the views the user's role may open (Vaadin filters
 * {@code @Menu} entries by each view's access annotations), and a header with the tenant, the notification bell
 * (unread count, live), the user and sign-out.
 */
@Layout
@AnonymousAllowed
class MainLayout extends AppLayout {

	MainLayout(AuthenticationContext authentication, TenantSettingsService settings, InboxService inbox) {
		setPrimarySection(Section.DRAWER);
		Span brand = new Span("Cirrus");
		brand.addClassName("cirrus-brand");
		addToDrawer(brand, navigation());

		HorizontalLayout header = new HorizontalLayout();
		header.setWidthFull();
		header.setAlignItems(FlexComponent.Alignment.CENTER);
		header.addClassName("cirrus-header");
		header.add(new DrawerToggle());
		CirrusUser user = TenantContext.currentUser().orElse(null);
		if (user != null) {
			Span tenant = new Span(user.tenantRef().isPresent() ? settings.current().displayName() : "Platform");
			tenant.setId("header-tenant");
			tenant.addClassName("cirrus-tenant");
			Span spacer = new Span();
			header.addAndExpand(tenant, spacer);
			Span person = new Span(new Icon(VaadinIcon.USER), new Span(user.displayName()));
			person.setId("header-user");
			person.addClassName("cirrus-user");
			Button signOut = new Button("Sign out", e -> authentication.logout());
			signOut.setId("sign-out");
			signOut.addThemeVariants(ButtonVariant.TERTIARY);
			if (user.tenantRef().isPresent()) {
				header.add(new NotificationBell(inbox));
			}
			header.add(person, signOut);
		}
		addToNavbar(header);
	}

	/** The page's own content is its main landmark (assistive technology jumps to it past the navigation). */
	@Override
	public void showRouterLayoutContent(HasElement content) {
		super.showRouterLayoutContent(content);
		if (content != null) {
			content.getElement().setAttribute("role", "main");
		}
	}

	private static SideNav navigation() {
		SideNav nav = new SideNav();
		nav.setId("side-nav");
		List<MenuEntry> entries = MenuConfiguration.getMenuEntries();
		for (MenuEntry entry : entries) {
			SideNavItem item = new SideNavItem(entry.title(), entry.path());
			if (entry.icon() != null) {
				item.setPrefixComponent(VaadinIcon.valueOf(entry.icon()).create());
			}
			nav.addItem(item);
		}
		return nav;
	}
}
