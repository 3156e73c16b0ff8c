package io.cirrus.shared;

/**
 * A resource that does not exist <em>for the caller's tenant</em>. Another tenant's resource is reported exactly like
 * a missing one, so ids never leak across tenants.
 */
public class NotFoundException extends CirrusException {

	public NotFoundException(String what, Object id) {
		super(Problems.NOT_FOUND, what + " " + id + " was not found.");
	}
}
