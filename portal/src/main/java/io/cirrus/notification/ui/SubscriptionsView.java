package io.cirrus.notification.ui;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.cirrus.notification.SubscriptionService;
import io.cirrus.shared.Roles;

import jakarta.annotation.security.RolesAllowed;

/** Which platform events the user wants to hear about, and on which channels. */
@Route("subscriptions")
@PageTitle("Subscriptions · Cirrus")
@Menu(title = "Subscriptions", order = 6, icon = "CHECK_SQUARE_O")
@RolesAllowed({ Roles.TENANT_ADMIN, Roles.DEVELOPER, Roles.VIEWER })
class SubscriptionsView extends VerticalLayout {

	SubscriptionsView(SubscriptionService subscriptions) {
		setId("subscriptions");
		add(new H1("Subscriptions"), new Paragraph("Choose the platform events you want to hear about and where."));
		Map<String, CheckboxGroup<String>> groups = new LinkedHashMap<>();
		for (SubscriptionService.Subscription s : subscriptions.mine()) {
			CheckboxGroup<String> group = new CheckboxGroup<>(SubscriptionService.EVENT_TYPES.get(s.eventType()));
			group.setItems("inbox", "email", "sms");
			group.setValue(new HashSet<>(s.channels()));
			group.setId("subscription-" + s.eventType().replace('.', '-'));
			groups.put(s.eventType(), group);
			add(group);
		}
		Button save = new Button("Save", e -> {
			List<SubscriptionService.Subscription> wanted = new ArrayList<>();
			groups.forEach((type, group) -> wanted.add(new SubscriptionService.Subscription(type, List.copyOf(group.getValue()))));
			subscriptions.update(wanted);
			Notification.show("Subscriptions saved", 3000, Notification.Position.BOTTOM_START)
				.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
		});
		save.setId("subscriptions-save");
		save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
		add(save);
	}
}
