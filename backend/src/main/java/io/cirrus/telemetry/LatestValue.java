package io.cirrus.telemetry;

import java.time.Instant;

/**
 * The newest value of one key of a device.
 *
 * @param key   the key
 * @param ts    when the device measured it
 * @param value a number, a string or a boolean
 */
public record LatestValue(String key, Instant ts, Object value) {
}
