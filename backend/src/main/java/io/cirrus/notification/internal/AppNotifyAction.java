package io.cirrus.notification.internal;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cirrus.app.AppActionHandler;
import io.cirrus.notification.NotificationRequest;
import io.cirrus.notification.NotificationService;
import io.cirrus.shared.TenantContext;

/**
 * Carries out deployed apps' notify actions through the same path as an on-demand request (priority queues,
 * acknowledgements, the delivery log), with the action's key as idempotency key, so an event evaluated again after
 * a crash does not notify twice.
 */
@Component
class AppNotifyAction implements AppActionHandler {

	private final NotificationService notifications;

	AppNotifyAction(NotificationService notifications) {
		this.notifications = notifications;
	}

	@Override
	public String kind() {
		return "notify";
	}

	@Override
	@SuppressWarnings("unchecked")
	public String perform(Call call) {
		Map<String, Object> p = call.payload();
		List<String> recipients = (List<String>) p.getOrDefault("recipients", List.of());
		NotificationRequest request = new NotificationRequest(recipients.isEmpty() ? null : recipients,
				(String) p.get("target"), (List<String>) p.get("channels"), (String) p.get("priority"),
				(String) p.get("title"), (String) p.get("body"), null,
				Map.of("app", call.app().toString(), "appName", call.appName(), "version", Integer.toString(call.version())),
				(String) p.get("link"), null, "app:" + call.key(), null);
		return TenantContext.callAs(call.tenant(), () -> notifications.sendAsPlatform(request)).notification().id().toString();
	}
}
