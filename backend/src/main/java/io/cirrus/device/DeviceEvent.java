package io.cirrus.device;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a device, as its page lists it.
 *
 * @param kind   {@code registered}, {@code imported}, {@code provisioned}, {@code updated}, {@code token-rotated},
 *               {@code token-revoked}, {@code online}, {@code offline} or {@code decommissioned}
 * @param detail more about it (the profile it provisioned through, the last time it was seen), or null
 * @param by     the person who did it, or null when the device or the platform did
 */
public record DeviceEvent(String kind, @Nullable String detail, @Nullable String by, Instant at) {
}
