package io.cirrus.device;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A page of the device list: filters (null = any; without a status, decommissioned devices are left out), a sort
 * ({@code name}, {@code lastSeen}, {@code created}) and its direction, and the page.
 */
public record DeviceQuery(@Nullable String name, @Nullable String tag, @Nullable UUID profileId,
		@Nullable DeviceStatus status, String sort, boolean descending, int page, int size) {

	public static final int MAX_SIZE = 500;

	/** The first page of all active devices by name. */
	public static DeviceQuery all(int size) {
		return new DeviceQuery(null, null, null, null, "name", false, 0, size);
	}
}
