package io.cirrus.notification.internal;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cirrus.app.AppDeploymentChanged;
import io.cirrus.app.DeploymentState;
import io.cirrus.notification.Priority;
import io.cirrus.shared.TenantId;

/**
 * Tells subscribers about an app's deployments: {@code deployment.finished} when one runs (deployed, rolled back) or
 * failed, {@code deployment.changed} when one was scheduled, stopped, paused or resumed. Steps nobody acts on are
 * left out: entering DEPLOYING (its outcome follows at once) and a deployment ended because a newer one replaced it
 * (the newer one's "completed" says it). Runs after the app module's commit, through the event publication registry
 * (docs/adr/0015, docs/adr/0023).
 */
@Component(DeploymentNotifications.BEAN)
class DeploymentNotifications {

	static final String BEAN = "deploymentNotifications";

	private final PlatformEvents platformEvents;

	DeploymentNotifications(PlatformEvents platformEvents) {
		this.platformEvents = platformEvents;
	}

	@Async
	@TransactionalEventListener(fallbackExecution = true, condition = "@" + BEAN + ".announces(#p0)")
	void on(AppDeploymentChanged event) {
		PlatformEvent announced = announcement(event);
		if (announced != null) {
			platformEvents.announce(announced);
		}
	}

	/** Whether people hear of this step. */
	public boolean announces(AppDeploymentChanged event) {
		return announcement(event) != null;
	}

	static @Nullable PlatformEvent announcement(AppDeploymentChanged event) {
		String app = event.appName();
		int version = event.version();
		DeploymentState from = event.from();
		String reason = event.reason();
		String type = PlatformEvent.DEPLOYMENT_CHANGED;
		Priority priority = Priority.NORMAL;
		String title;
		String body;
		switch (event.to()) {
			case SCHEDULED -> {
				title = "Deployment scheduled: " + app + " version " + version;
				body = "Version " + version + " of " + app + " is " + (reason == null ? "scheduled" : reason) + ", by "
						+ event.by() + ".";
			}
			case RUNNING -> {
				if (from == DeploymentState.PAUSED) {
					title = "Deployment resumed: " + app + " version " + version;
					body = app + " version " + version + " runs again" + (reason == null ? "." : " (" + reason + ").");
				}
				else {
					type = PlatformEvent.DEPLOYMENT_FINISHED;
					boolean rollback = reason != null && reason.startsWith("rollback");
					title = (rollback ? "Rolled back: " : "Deployment completed: ") + app + " version " + version;
					body = app + " version " + version + " is running"
							+ (rollback ? " (" + reason + ")" : "") + ", deployed by " + event.by() + ".";
				}
			}
			case FAILED -> {
				type = PlatformEvent.DEPLOYMENT_FINISHED;
				priority = Priority.HIGH;
				title = "Deployment failed: " + app + " version " + version;
				body = "Version " + version + " of " + app + " could not be deployed: " + reason + ".";
			}
			case STOPPED -> {
				if (reason != null && reason.startsWith("replaced by")) {
					return null;
				}
				title = "Deployment stopped: " + app + " version " + version;
				body = app + " version " + version + (from == DeploymentState.SCHEDULED ? " will not be deployed: " : " stopped: ")
						+ (reason == null ? "stopped by " + event.by() : reason) + ".";
			}
			case PAUSED -> {
				priority = Priority.HIGH;
				title = "App paused: " + app + " version " + version;
				body = "The platform paused " + app + " version " + version + (reason == null ? "." : ": " + reason + ".");
			}
			default -> {
				return null;
			}
		}
		Map<String, String> data = new HashMap<>();
		data.put("appId", event.appId().toString());
		data.put("deploymentId", event.deploymentId().toString());
		data.put("version", Integer.toString(version));
		data.put("state", event.to().name());
		if (reason != null) {
			data.put("reason", reason);
		}
		return new PlatformEvent(new TenantId(event.tenantId()), type, priority, title, body,
				"/apps/" + event.appId() + "?view=deployments", data, event.at(),
				event.deploymentId() + " " + from + ">" + event.to() + " " + event.at());
	}
}
