package io.cirrus.portal;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;

import io.cirrus.notification.InboxService;

/**
 * The bell in the portal header: the unread count, updated live through server push when an entry is delivered
 * or read; a click opens the inbox.
 */
class NotificationBell extends Button {

	private final InboxService inbox;

	private final Span count = new Span();

	private Runnable stopListening = () -> {
	};

	NotificationBell(InboxService inbox) {
		this.inbox = inbox;
		setId("bell");
		setIcon(VaadinIcon.BELL.create());
		count.setId("bell-count");
		count.addClassName("bell-count");
		setSuffixComponent(count);
		addThemeVariants(ButtonVariant.LUMO_TERTIARY);
		addClickListener(e -> getUI().ifPresent(ui -> ui.navigate("inbox")));
		update();
	}

	private void update() {
		int unread = inbox.unreadCount();
		count.setText(Integer.toString(unread));
		count.setVisible(unread > 0);
		getElement().setAttribute("aria-label", unread + " unread notifications");
	}

	@Override
	protected void onAttach(AttachEvent event) {
		var ui = event.getUI();
		var security = SecurityContextHolder.getContext();
		stopListening = inbox.onChange(r -> ui.access(() -> withSecurity(security, this::update)));
	}

	/** Push updates run on worker threads: give them the session's security context. */
	private static void withSecurity(SecurityContext context, Runnable work) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(context);
		try {
			work.run();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	@Override
	protected void onDetach(DetachEvent event) {
		stopListening.run();
	}
}
