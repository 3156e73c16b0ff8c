package io.cirrus.health;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceProfile;
import io.cirrus.device.DeviceProfiles;
import io.cirrus.health.internal.ReportingStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Roles;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Device health of the caller's tenant: how each device really reports (measured interval, drift, flapping) and the
 * opt-in recovery policies per device profile (reboot after N missed reports). Another tenant's device or profile
 * answers as missing.
 */
@Service
public class DeviceHealth {

	private static final String READERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "', '" + Roles.DEVELOPER + "', '"
			+ Roles.VIEWER + "')";

	private static final String CHANGERS = "hasAnyRole('" + Roles.TENANT_ADMIN + "', '" + Roles.DEVELOPER + "')";

	private final ReportingStore store;

	private final DeviceDirectory devices;

	private final DeviceProfiles profiles;

	private final Clock clock;

	DeviceHealth(ReportingStore store, DeviceDirectory devices, DeviceProfiles profiles, Clock clock) {
		this.store = store;
		this.devices = devices;
		this.profiles = profiles;
		this.clock = clock;
	}

	/** How a device reports; empty figures (0 samples) until it sent two messages. */
	@PreAuthorize(READERS)
	@Transactional(readOnly = true)
	public DeviceReporting reporting(DeviceId device) {
		devices.find(device).orElseThrow(() -> new NotFoundException("Device", device));
		return store.find(device)
			.orElseGet(() -> new DeviceReporting(device, 0, 0, 0, 0, 0, 0, 0, clock.instant(), clock.instant(), null));
	}

	@PreAuthorize(READERS)
	@Transactional // not read-only: listing profiles creates the tenant's default profile the first time
	public List<DeviceRecoveryPolicy> policies() {
		Map<UUID, String> names = profiles.list().stream().collect(Collectors.toMap(DeviceProfile::id, DeviceProfile::name));
		return store.policies()
			.stream()
			.filter(p -> names.containsKey(p.profile()))
			.map(p -> new DeviceRecoveryPolicy(p.profile(), names.get(p.profile()), p.rebootAfterMissed(), p.updatedAt(),
					p.updatedBy()))
			.toList();
	}

	/** Opts the devices of a profile in: a reboot command after {@code rebootAfterMissed} missed reports. */
	@PreAuthorize(CHANGERS)
	@Transactional
	public DeviceRecoveryPolicy setPolicy(UUID profile, Integer rebootAfterMissed) {
		if (rebootAfterMissed == null || rebootAfterMissed < 1 || rebootAfterMissed > 1000) {
			throw CirrusException.invalidField("rebootAfterMissed", "must be a number of missed reports from 1 to 1000");
		}
		DeviceProfile known = profiles.get(profile);
		TenantId tenant = TenantContext.require();
		store.savePolicy(tenant, known.id(), rebootAfterMissed, HealthScope.username(), clock.instant());
		return policies().stream()
			.filter(p -> p.profile().equals(known.id()))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("Device profile", profile));
	}

	/** Opts the devices of a profile out again. */
	@PreAuthorize(CHANGERS)
	@Transactional
	public void removePolicy(UUID profile) {
		profiles.get(profile);
		if (store.deletePolicy(profile) == 0) {
			throw new NotFoundException("Device recovery policy", profile);
		}
	}
}
