package io.cirrus.device;

import java.time.Instant;
import java.util.Objects;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/**
 * A device was heard from (a reading, a heartbeat, an MQTT connect) at {@code at}; see {@link DeviceSightings}.
 */
public record Sighting(TenantId tenant, DeviceId device, Instant at) {

	public Sighting {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(at, "at");
	}
}
