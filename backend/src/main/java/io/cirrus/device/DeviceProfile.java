package io.cirrus.device;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * How a kind of device behaves: its type, how often it should report, when it counts as offline, and whether it
 * may register itself (self-provisioning with a key and a secret; the secret is never shown again).
 *
 * @param id                        profile id
 * @param name                      unique per tenant
 * @param type                      a free type label, e.g. {@code thermometer}
 * @param reportingIntervalSeconds  how often its devices should report
 * @param inactivityTimeoutSeconds  after how long without a message a device is offline
 * @param defaultProfile            the tenant's default profile (devices registered without a profile get it)
 * @param provisionKey              the public self-provisioning key, if self-provisioning is on
 * @param createdAt                 creation time
 * @param updatedAt                 last change
 */
public record DeviceProfile(UUID id, String name, String type, int reportingIntervalSeconds,
		int inactivityTimeoutSeconds, boolean defaultProfile, @Nullable String provisionKey, Instant createdAt,
		Instant updatedAt) {
}
