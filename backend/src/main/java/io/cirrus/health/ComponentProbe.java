package io.cirrus.health;

/**
 * One platform component Cirrus depends on, checked by a real round trip. A plug-in point: each component adds
 * one bean.
 */
public interface ComponentProbe {

	/** Display name of the component. */
	String name();

	/** Where Cirrus reaches it. */
	String address();

	/**
	 * Does one round trip; answers a short detail (a version, a count) or throws.
	 */
	String check() throws Exception;
}
