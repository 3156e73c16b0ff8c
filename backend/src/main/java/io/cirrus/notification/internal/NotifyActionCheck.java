package io.cirrus.notification.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.app.Action;
import io.cirrus.app.ActionCheck;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;
import io.cirrus.notification.NotificationProperties;
import io.cirrus.notification.TargetExpression;
import io.cirrus.notification.WebhookService;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Checks an app's notify actions against what the platform and the tenant have configured: each channel (SMS needs
 * a provider, webhook needs an endpoint of the tenant), each recipient (a user, device or external recipient the
 * tenant has, with an address for e-mail and SMS) and the target expression.
 */
@Component
class NotifyActionCheck implements ActionCheck {

	private final NotificationStore store;

	private final UserSync users;

	private final WebhookService webhooks;

	private final NotificationProperties properties;

	private final TransactionTemplate own;

	NotifyActionCheck(NotificationStore store, UserSync users, WebhookService webhooks, NotificationProperties properties,
			TransactionTemplate transactions) {
		this.store = store;
		this.users = users;
		this.webhooks = webhooks;
		this.properties = properties;
		// Refreshing users writes recipients; validation itself may run in a read-only transaction.
		this.own = new TransactionTemplate(transactions.getTransactionManager());
		this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public String kind() {
		return "notify";
	}

	@Override
	public List<AppProblem> check(Action action, String path) {
		if (!(action instanceof Action.Notify notify)) {
			return List.of();
		}
		TenantId tenant = TenantContext.require();
		List<AppProblem> problems = new ArrayList<>();
		for (int i = 0; i < notify.channels().size(); i++) {
			String channel = notify.channels().get(i);
			String at = path + ".channels[" + i + "]";
			if (!properties.channels().contains(channel)) {
				problems.add(AppProblem.error(Code.CHANNEL, at, "The " + channel + " channel is not enabled on this platform: "
						+ "use one of " + String.join(", ", properties.channels()) + "."));
			}
			else if (channel.equals("sms") && properties.sms().url() == null) {
				problems.add(AppProblem.error(Code.CHANNEL, at, "SMS has no provider on this platform: remove sms, "
						+ "or ask your platform admin to configure one (cirrus.notification.sms.url)."));
			}
			else if (channel.equals("webhook") && webhooks.list().stream().noneMatch(WebhookService.Endpoint::enabled)) {
				problems.add(AppProblem.error(Code.CHANNEL, at, "Your tenant has no webhook endpoint: register one under "
						+ "Webhooks, or remove the webhook channel."));
			}
		}
		if (!notify.recipients().isEmpty()) {
			own.executeWithoutResult(tx -> users.refresh(tenant));
			Map<String, NotificationStore.Match> found = store.match(tenant, notify.recipients());
			for (int i = 0; i < notify.recipients().size(); i++) {
				String recipient = notify.recipients().get(i);
				NotificationStore.Match match = found.get(recipient);
				String at = path + ".recipients[" + i + "]";
				if (match == null) {
					problems.add(AppProblem.warning(Code.CHANNEL, at, "Your tenant has no recipient " + recipient
							+ " yet: check the name (users as user:<username>); nobody receives it until one exists."));
				}
				else if (notify.channels().contains("email") && !match.email()) {
					problems.add(AppProblem.warning(Code.CHANNEL, at, recipient + " has no e-mail address: the e-mail to them fails."));
				}
				else if (notify.channels().contains("sms") && !match.sms()) {
					problems.add(AppProblem.warning(Code.CHANNEL, at, recipient + " has no phone number: the SMS to them fails."));
				}
			}
		}
		if (notify.target() != null) {
			try {
				TargetExpression.parse(notify.target());
			}
			catch (CirrusException e) {
				problems.add(AppProblem.error(Code.SCHEMA, path + ".target", e.getMessage()));
			}
		}
		return problems;
	}
}
