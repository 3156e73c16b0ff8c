package io.cirrus.notification.ui;

import java.util.HashMap;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;

import io.cirrus.notification.Recipient;
import io.cirrus.notification.RecipientRegistry;
import io.cirrus.notification.WebhookService;
import io.cirrus.shared.NotFoundException;

/**
 * Recipients by name, not by id: a user by username, a device by its name with a link to its page, an external
 * recipient by the name it was registered with. Names are looked up once per instance (one dialog, one refresh).
 */
final class RecipientNames {

	private final RecipientRegistry registry;

	private final WebhookService webhooks;

	private final Map<String, Recipient> known = new HashMap<>();

	RecipientNames(RecipientRegistry registry, WebhookService webhooks) {
		this.registry = registry;
		this.webhooks = webhooks;
	}

	/** The recipient as people read it; a device links to its page. */
	Component of(String id) {
		Recipient recipient = find(id);
		if (recipient == null) {
			Span gone = new Span(id + " (no longer registered)");
			gone.addClassName("recipient");
			return gone;
		}
		String name = recipient.name() == null || recipient.name().isBlank() ? id : recipient.name();
		Component shown = id.startsWith("device:") ? new Anchor("devices/" + id.substring("device:".length()), name)
				: new Span(name + (id.startsWith("ext:") ? " (external)" : ""));
		shown.getElement().getClassList().add("recipient");
		shown.getElement().setAttribute("title", id);
		return shown;
	}

	/** The recipient's name as text, for sorting and plain lines. */
	String name(String id) {
		Recipient recipient = find(id);
		return recipient == null || recipient.name() == null ? id : recipient.name();
	}

	private Recipient find(String id) {
		if (!known.containsKey(id)) {
			Recipient found;
			try {
				found = id.startsWith("webhook:") ? webhook(id) : registry.get(id);
			}
			catch (NotFoundException e) {
				found = null;
			}
			known.put(id, found);
		}
		return known.get(id);
	}

	/** A webhook endpoint as a recipient: named by its URL. */
	private Recipient webhook(String id) {
		try {
			var endpoint = webhooks.get(java.util.UUID.fromString(id.substring("webhook:".length())));
			return new Recipient(id, "webhook", "webhook " + endpoint.url(), java.util.Set.of(), java.util.Set.of(), null, null);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
