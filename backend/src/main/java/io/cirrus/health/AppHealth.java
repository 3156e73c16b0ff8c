package io.cirrus.health;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A deployed app's health, as the tenant's dashboard shows it.
 *
 * @param state       running, paused by the platform (its error budget was spent) or failing (running, with failed or
 *                    refused actions in the last 5 minutes)
 * @param consumerLag records the apps runtime's consumers on the answering instance have yet to read (all apps share
 *                    them); null when they report none
 * @param errors5m    errors and refusals in the last 5 minutes
 * @param errorRate   the share of its actions in the last day (today and yesterday, UTC) that failed or were refused;
 *                    null before any action
 */
public record AppHealth(UUID app, String name, int version, State state, @Nullable Long consumerLag, long errors5m,
		@Nullable Double errorRate) {

	/** What a person needs to know about a deployed app first. */
	public enum State {

		RUNNING, PAUSED, FAILING
	}
}
