package io.cirrus.device;

import io.cirrus.shared.DeviceId;

/**
 * A device's credentials changed (token revoked or rotated, device decommissioned or renamed), published on every
 * instance once the change committed, after this instance forgot its cached answers for the device. Whoever holds a
 * device's session authenticated earlier (an MQTT connection) checks its token again.
 *
 * @param device the device
 */
public record DeviceCredentialsChanged(DeviceId device) {
}
