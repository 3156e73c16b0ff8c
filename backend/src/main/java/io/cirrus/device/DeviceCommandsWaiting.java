package io.cirrus.device;

import io.cirrus.shared.DeviceId;

/**
 * A device has a command to fetch: one was sent and committed, or a pending one is due for another offer. Published
 * on every instance (a PostgreSQL notification, see {@link DeviceChanges}), so the instance holding the device's MQTT
 * session offers it ({@link DeviceCommands#pending}); the device's HTTP poll is woken as well.
 *
 * @param device the device
 */
public record DeviceCommandsWaiting(DeviceId device) {
}
