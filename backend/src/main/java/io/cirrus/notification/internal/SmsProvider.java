package io.cirrus.notification.internal;

/**
 * An SMS gateway. One HTTP adapter ships ({@link HttpSmsProvider}); another provider is another implementation.
 */
public interface SmsProvider {

	/**
	 * Sends a text; {@code reference} is the delivery's idempotency key, passed to providers that deduplicate.
	 * Throws when the provider did not accept it.
	 */
	void send(String to, String text, String reference) throws Exception;
}
