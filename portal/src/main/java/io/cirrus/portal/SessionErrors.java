package io.cirrus.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;

import io.cirrus.shared.CirrusException;

/**
 * Errors in a portal session end as a readable notification, never as a stack trace: domain errors show their
 * message, anything else a generic line (and the log keeps the details).
 */
@Component
class SessionErrors implements VaadinServiceInitListener {

	private static final Logger log = LoggerFactory.getLogger(SessionErrors.class);

	@Override
	public void serviceInit(ServiceInitEvent event) {
		event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(error -> {
			Throwable cause = error.getThrowable();
			String message;
			if (findCause(cause, CirrusException.class) instanceof CirrusException domain) {
				message = domain.getMessage();
			}
			else if (findCause(cause, org.springframework.security.access.AccessDeniedException.class) != null) {
				message = "Your role does not allow this action.";
			}
			else {
				log.error("Unexpected error in the portal", cause);
				message = "Something went wrong. Try again; if it persists, tell your platform admin.";
			}
			UI ui = UI.getCurrent();
			if (ui != null) {
				ui.access(() -> Notification.show(message, 6000, Notification.Position.TOP_CENTER)
					.addThemeVariants(NotificationVariant.LUMO_ERROR));
			}
		}));
	}

	private static Throwable findCause(Throwable error, Class<? extends Throwable> type) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return t;
			}
		}
		return null;
	}
}
