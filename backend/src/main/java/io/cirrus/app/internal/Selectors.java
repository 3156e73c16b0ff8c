package io.cirrus.app.internal;

import io.cirrus.app.AppDocument.DeviceSelector;

/** Matching devices against selectors, and selectors against each other. */
public final class Selectors {

	private Selectors() {
	}

	/** Any of the ids, all of the tags, any of the profiles (by id or name); an empty selector matches all. */
	public static boolean matches(DeviceSelector selector, DeviceContext device) {
		if (!selector.ids().isEmpty() && !selector.ids().contains(device.id())) {
			return false;
		}
		if (!device.tags().containsAll(selector.tags())) {
			return false;
		}
		return selector.profiles().isEmpty() || selector.profiles().contains(device.profileId())
				|| selector.profiles().contains(device.profileName());
	}

	/**
	 * Whether every device {@code inner} selects is surely one {@code outer} selects, judged from the selectors alone:
	 * inner keeps outer's ids (a subset), tags (a superset) and profiles (a subset).
	 */
	static boolean within(DeviceSelector inner, DeviceSelector outer) {
		boolean ids = outer.ids().isEmpty() || (!inner.ids().isEmpty() && outer.ids().containsAll(inner.ids()));
		boolean tags = inner.tags().containsAll(outer.tags());
		boolean profiles = outer.profiles().isEmpty()
				|| (!inner.profiles().isEmpty() && outer.profiles().containsAll(inner.profiles()));
		return ids && tags && profiles;
	}
}
