package io.cirrus.app.internal;

import java.util.List;
import java.util.Map;

import io.cirrus.device.DeviceSummary;

/**
 * What an app sees of a device when one of its events arrives: {@code device.*} in expressions.
 *
 * @param id          the device id
 * @param name        its name
 * @param tags        its tags
 * @param profileId   its profile's id
 * @param profileName its profile's name ({@code device.profile})
 * @param metadata    its metadata
 */
public record DeviceContext(String id, String name, List<String> tags, String profileId, String profileName,
		Map<String, Object> metadata) {

	public DeviceContext {
		tags = List.copyOf(tags);
		metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
	}

	public static DeviceContext of(DeviceSummary device) {
		return new DeviceContext(device.id().toString(), device.name(), device.tags(), device.profileId().toString(),
				device.profileName(), device.metadata());
	}
}
