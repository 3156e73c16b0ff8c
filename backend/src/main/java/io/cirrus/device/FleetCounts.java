package io.cirrus.device;

/**
 * How many devices of a tenant are in each status (see {@link DeviceFleet}).
 *
 * @param total          registered and not decommissioned
 * @param online         heard from within their profile's inactivity timeout
 * @param offline        heard from once, not within the timeout
 * @param neverSeen      never heard from
 * @param late           online, but late on their profile's expected reporting interval
 * @param decommissioned decommissioned (kept for history, not in {@code total})
 */
public record FleetCounts(long total, long online, long offline, long neverSeen, long late, long decommissioned) {
}
