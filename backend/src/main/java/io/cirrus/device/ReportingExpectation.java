package io.cirrus.device;

import java.util.UUID;

import io.cirrus.shared.DeviceId;

/**
 * How often a device should report, from its profile: what health compares the measured interval with.
 *
 * @param device                   the device
 * @param profile                  its profile
 * @param reportingIntervalSeconds how often it should report
 * @param inactivityTimeoutSeconds after how long without a message it counts as offline
 */
public record ReportingExpectation(DeviceId device, UUID profile, int reportingIntervalSeconds,
		int inactivityTimeoutSeconds) {
}
