package io.cirrus.device;

import java.io.Serializable;
import java.util.UUID;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/**
 * A device that presented a valid token: the principal of device-facing requests ({@code ROLE_DEVICE}). Holds ids
 * and a name only, never the token.
 *
 * @param tenant  the device's tenant (the token decides it)
 * @param device  the device
 * @param name    its name when the token was checked
 * @param profile its device profile's id
 */
public record AuthenticatedDevice(TenantId tenant, DeviceId device, String name, UUID profile) implements Serializable {
}
