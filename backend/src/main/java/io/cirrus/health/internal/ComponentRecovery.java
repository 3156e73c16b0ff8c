package io.cirrus.health.internal;

/**
 * What this instance can do about a component that is down: drop and rebuild its own connections to it. One bean per
 * component that has such an action; a component without one (Keycloak, run by its operators) is only watched.
 */
public interface ComponentRecovery {

	/** The component's name, as its probe names it. */
	String component();

	/** Makes one attempt; answers what was done, or throws when the attempt itself failed. */
	String attempt() throws Exception;
}
