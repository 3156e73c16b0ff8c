package io.cirrus.portal;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;

import jakarta.servlet.http.HttpServletResponse;

/** What a user sees on a view their role may not open: a page that says so, not an error. */
@PageTitle("Access denied · Cirrus")
@ParentLayout(MainLayout.class)
@AnonymousAllowed
class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

	AccessDeniedView() {
		setId("access-denied");
		add(new H1("Access denied"));
		add(new Paragraph("Your role does not allow you to open this page. "
				+ "If you need it, ask your tenant admin for the role that grants it."));
		add(new Anchor("", "Back to the home page"));
	}

	@Override
	public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
		return HttpServletResponse.SC_FORBIDDEN;
	}
}
