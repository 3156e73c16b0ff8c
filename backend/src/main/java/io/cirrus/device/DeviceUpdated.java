package io.cirrus.device;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/**
 * A device's name, profile, tags or metadata changed, published in the transaction that changed it. It carries the
 * device as it is after the change, whole, so a listener needs no lookup and no earlier event.
 *
 * @param tenant     the device's tenant
 * @param device     the device
 * @param name       its name after the change
 * @param profileId  its device profile after the change
 * @param tags       its tags after the change
 * @param metadata   its metadata after the change
 * @param occurredAt when it changed
 */
public record DeviceUpdated(TenantId tenant, DeviceId device, String name, UUID profileId, List<String> tags,
		Map<String, Object> metadata, Instant occurredAt) {

	public DeviceUpdated {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(device, "device");
		tags = List.copyOf(tags);
		metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
	}
}
