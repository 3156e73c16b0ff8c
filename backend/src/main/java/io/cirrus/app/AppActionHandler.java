package io.cirrus.app;

import java.util.Map;
import java.util.UUID;

import io.cirrus.shared.TenantId;

/**
 * Carries out a deployed app's actions of one kind that another module owns (the notification module sends notify
 * actions through its priority queues), so {@code app} never depends on that module. The runtime calls it off the
 * event's thread, within the action's timeout and the tenant's bulkhead, after checking the app's permissions; an
 * exception counts as a failed action and is recorded with the event that caused it.
 */
public interface AppActionHandler {

	/** The action kind it carries out, as {@code permissions.actions} names it. */
	String kind();

	/**
	 * Carries out one action.
	 *
	 * @param call what to do, for whom
	 * @return a short reference to what was done (a notification's id), for the app's log
	 */
	String perform(Call call) throws Exception;

	/**
	 * One action of a deployed app.
	 *
	 * @param tenant  the app's tenant
	 * @param app     the app
	 * @param appName its name
	 * @param version the deployed version
	 * @param payload the action's rendered fields, as a dry-run shows them
	 * @param key     unique per event and action, for idempotency
	 */
	record Call(TenantId tenant, UUID app, String appName, int version, Map<String, Object> payload, String key) {
	}
}
