package io.cirrus.app;

import java.util.List;

/**
 * Checks an app's actions of one kind against what the tenant has configured, for kinds that another module carries
 * out (the notification module checks notify actions: channels, recipients, target expressions). Called while a
 * version is validated, bound to its tenant.
 */
public interface ActionCheck {

	/** The action kind it checks, as {@code permissions.actions} names it. */
	String kind();

	/** The problems of one action at {@code path} (e.g. {@code $.rules[0].actions[1]}); none when it is fine. */
	List<AppProblem> check(Action action, String path);
}
