package io.cirrus.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.DeviceId;

/**
 * A device as the API, the portal and other modules see it. Never contains its token or the token's hash.
 *
 * @param id               the device id
 * @param name             its name
 * @param profileId        its device profile
 * @param profileName      the profile's name
 * @param tags             labels (apps and broadcasts target them), sorted
 * @param metadata         free JSON object
 * @param status           computed from last-seen and the profile's inactivity timeout
 * @param lastSeen         when it was last heard from, if ever
 * @param credentials      {@code active} or {@code revoked}
 * @param createdAt        registration time
 * @param updatedAt        last change
 * @param decommissionedAt when it was decommissioned, if it was
 */
public record DeviceSummary(DeviceId id, String name, UUID profileId, String profileName, List<String> tags,
		Map<String, Object> metadata, DeviceStatus status, @Nullable Instant lastSeen, String credentials,
		Instant createdAt, Instant updatedAt, @Nullable Instant decommissionedAt) {

	public DeviceSummary {
		tags = List.copyOf(tags);
		metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
	}
}
