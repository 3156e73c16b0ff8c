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
 * A device was registered (by a person, by self-provisioning or by a CSV import), published in the transaction that
 * stored it: a listener in that transaction sees it committed with the device or not at all, an asynchronous one
 * hears of it only after the commit.
 *
 * @param tenant     the device's tenant
 * @param device     the new device's id
 * @param name       its name
 * @param profileId  its device profile
 * @param tags       its tags
 * @param metadata   its metadata (a JSON object)
 * @param occurredAt when it was registered
 */
public record DeviceRegistered(TenantId tenant, DeviceId device, String name, UUID profileId, List<String> tags,
		Map<String, Object> metadata, Instant occurredAt) {

	public DeviceRegistered {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(device, "device");
		tags = List.copyOf(tags);
		// Metadata is JSON: a value may be null, which Map.copyOf refuses.
		metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
	}
}
