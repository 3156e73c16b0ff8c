package io.cirrus.device;

import java.time.Instant;
import java.util.Objects;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/**
 * A device was decommissioned (its token revoked, its record kept for history), published in the transaction that
 * decommissioned it; once per device.
 *
 * @param tenant     the device's tenant
 * @param device     the device
 * @param name       its name
 * @param occurredAt when it was decommissioned
 */
public record DeviceDecommissioned(TenantId tenant, DeviceId device, String name, Instant occurredAt) {

	public DeviceDecommissioned {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(device, "device");
	}
}
