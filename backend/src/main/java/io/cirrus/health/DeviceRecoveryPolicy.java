package io.cirrus.health;

import java.time.Instant;
import java.util.UUID;

/**
 * Opt-in automatic recovery for the devices of one profile: a device that missed {@code rebootAfterMissed} expected
 * reports is sent a {@code reboot} command, once per silence.
 *
 * @param profile           the device profile
 * @param profileName       its name
 * @param rebootAfterMissed missed reports before the reboot command
 * @param updatedAt         last change
 * @param updatedBy         who changed it
 */
public record DeviceRecoveryPolicy(UUID profile, String profileName, int rebootAfterMissed, Instant updatedAt,
		String updatedBy) {
}
