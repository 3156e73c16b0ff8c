package io.cirrus.device;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;

/**
 * Finds devices of the current tenant, for other modules (telemetry queries, commands) and the portal. Another
 * tenant's device is simply not found: callers answer 404.
 */
@Service
public class DeviceDirectory {

	private final DeviceStore store;

	DeviceDirectory(DeviceStore store) {
		this.store = store;
	}

	/**
	 * The device, if it belongs to the current tenant (decommissioned devices are found too: their history stays
	 * readable). Works for signed-in users and for work bound with {@link TenantContext#callAs}.
	 */
	@Transactional(readOnly = true)
	public Optional<DeviceSummary> find(DeviceId id) {
		return TenantContext.current().flatMap(tenant -> store.find(tenant, id));
	}

	/**
	 * Those of {@code ids} that belong to the current tenant, by id, in one query (a dashboard names its widgets'
	 * devices this way instead of one lookup each).
	 */
	@Transactional(readOnly = true)
	public Map<DeviceId, DeviceSummary> findAll(Collection<DeviceId> ids) {
		return TenantContext.current()
			.map(tenant -> store.findAll(tenant, ids)
				.stream()
				.collect(Collectors.toMap(DeviceSummary::id, d -> d, (a, b) -> a)))
			.orElse(Map.of());
	}

	/** Which of {@code tags} some device of the current tenant carries (decommissioned devices aside). */
	@Transactional(readOnly = true)
	public Set<String> tagsInUse(Collection<String> tags) {
		return tags.isEmpty() ? Set.of()
				: TenantContext.current().map(tenant -> store.tagsInUse(tenant, tags)).orElse(Set.of());
	}

	/** Like {@link #find} but throws {@link io.cirrus.shared.NotFoundException} (404) when missing. */
	@PreAuthorize("isAuthenticated()")
	@Transactional(readOnly = true)
	public DeviceSummary get(DeviceId id) {
		return find(id).orElseThrow(() -> new io.cirrus.shared.NotFoundException("Device", id));
	}
}
