package io.cirrus.health;

import java.time.Duration;

/**
 * A platform component as last probed.
 *
 * @param name    e.g. PostgreSQL
 * @param address where Cirrus reaches it
 * @param up      whether the round trip succeeded
 * @param latency the round trip's duration (the timeout when it failed by timing out)
 * @param detail  the component's version or what went wrong
 */
public record ComponentStatus(String name, String address, boolean up, Duration latency, String detail) {
}
