package io.cirrus.device;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.device.internal.Tokens;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Device profiles of the caller's tenant. Every tenant has a default profile, created the first time it is needed,
 * so that a device can be registered without choosing one. A profile may allow self-provisioning: it then has a
 * public provisioning key and a secret, shown once and stored as a hash.
 */
@Service
public class DeviceProfiles {

	/** The name of the profile every tenant gets, made when first needed. */
	public static final String DEFAULT_NAME = "default";

	private final DeviceStore store;

	private final DeviceProperties properties;

	DeviceProfiles(DeviceStore store, DeviceProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	/** What a profile is made of (create and update). Null fields keep their value on update. */
	public record ProfileRequest(@Nullable String name, @Nullable String type,
			@Nullable Integer reportingIntervalSeconds, @Nullable Integer inactivityTimeoutSeconds,
			@Nullable Boolean selfProvisioning) {
	}

	/**
	 * A profile, with the provisioning secret when it was just generated (shown once).
	 */
	public record SavedProfile(DeviceProfile profile, @Nullable String provisionSecret) {
	}

	@PreAuthorize(Access.READERS)
	@Transactional
	public List<DeviceProfile> list() {
		TenantId tenant = TenantContext.require();
		defaultProfile(tenant);
		return store.profiles(tenant);
	}

	/** The profiles the tenant has now, without making the default one (for read-only work such as checks). */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public List<DeviceProfile> existing() {
		return store.profiles(TenantContext.require());
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public DeviceProfile get(UUID id) {
		return store.profile(TenantContext.require(), id).orElseThrow(() -> new NotFoundException("Device profile", id));
	}

	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public SavedProfile create(ProfileRequest request) {
		TenantId tenant = TenantContext.require();
		Validation v = new Validation();
		String name = v.name("name", request.name(), 100);
		String type = type(v, request.type() == null ? "generic" : request.type());
		int interval = seconds(v, "reportingIntervalSeconds", request.reportingIntervalSeconds(),
				(int) properties.defaultReportingInterval().toSeconds(), 604800);
		int timeout = seconds(v, "inactivityTimeoutSeconds", request.inactivityTimeoutSeconds(),
				Math.max(interval * 3, (int) properties.defaultInactivityTimeout().toSeconds()), 2592000);
		if (!v.hasErrors() && timeout < interval) {
			v.reject("inactivityTimeoutSeconds", "must be at least the reporting interval (" + interval + " s)");
		}
		if (!v.hasErrors() && store.profileByName(tenant, name).isPresent()) {
			v.reject("name", "is already the name of another profile");
		}
		v.throwIfInvalid();
		UUID id = UUID.randomUUID();
		store.insertProfile(tenant, id, name, type, interval, timeout, false);
		String secret = Boolean.TRUE.equals(request.selfProvisioning()) ? enableProvisioning(tenant, id) : null;
		return new SavedProfile(store.profile(tenant, id).orElseThrow(), secret);
	}

	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public SavedProfile update(UUID id, ProfileRequest request) {
		TenantId tenant = TenantContext.require();
		DeviceProfile current = store.profile(tenant, id).orElseThrow(() -> new NotFoundException("Device profile", id));
		Validation v = new Validation();
		String name = request.name() == null ? current.name() : v.name("name", request.name(), 100);
		String type = request.type() == null ? current.type() : type(v, request.type());
		int interval = seconds(v, "reportingIntervalSeconds", request.reportingIntervalSeconds(),
				current.reportingIntervalSeconds(), 604800);
		int timeout = seconds(v, "inactivityTimeoutSeconds", request.inactivityTimeoutSeconds(),
				current.inactivityTimeoutSeconds(), 2592000);
		if (!v.hasErrors() && timeout < interval) {
			v.reject("inactivityTimeoutSeconds", "must be at least the reporting interval (" + interval + " s)");
		}
		if (!v.hasErrors() && store.profileByName(tenant, name).filter(p -> !p.id().equals(id)).isPresent()) {
			v.reject("name", "is already the name of another profile");
		}
		v.throwIfInvalid();
		store.updateProfile(tenant, id, name, type, interval, timeout);
		String secret = null;
		if (Boolean.TRUE.equals(request.selfProvisioning()) && current.provisionKey() == null) {
			secret = enableProvisioning(tenant, id);
		}
		else if (Boolean.FALSE.equals(request.selfProvisioning()) && current.provisionKey() != null) {
			store.setProvisioning(tenant, id, null, null);
		}
		return new SavedProfile(store.profile(tenant, id).orElseThrow(), secret);
	}

	/** A new provisioning key and secret for the profile (the old ones stop working at once). */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public SavedProfile regenerateProvisioning(UUID id) {
		TenantId tenant = TenantContext.require();
		store.profile(tenant, id).orElseThrow(() -> new NotFoundException("Device profile", id));
		String secret = enableProvisioning(tenant, id);
		return new SavedProfile(store.profile(tenant, id).orElseThrow(), secret);
	}

	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public void delete(UUID id) {
		TenantId tenant = TenantContext.require();
		DeviceProfile profile = store.profile(tenant, id).orElseThrow(() -> new NotFoundException("Device profile", id));
		if (profile.defaultProfile()) {
			throw new CirrusException(Problems.CONFLICT, "The default profile cannot be deleted.");
		}
		long devices = store.devicesOfProfile(tenant, id);
		if (devices > 0) {
			throw new CirrusException(Problems.CONFLICT, "The profile is used by " + devices
					+ " devices (decommissioned ones included). Move them to another profile first.");
		}
		store.deleteProfile(tenant, id);
	}

	/** The tenant's default profile, created on first use (inside the caller's transaction). */
	DeviceProfile defaultProfile(TenantId tenant) {
		return store.defaultProfile(tenant).orElseGet(() -> {
			int interval = (int) properties.defaultReportingInterval().toSeconds();
			int timeout = Math.max(interval, (int) properties.defaultInactivityTimeout().toSeconds());
			String name = store.profileByName(tenant, DEFAULT_NAME).isPresent() ? DEFAULT_NAME + "-" + tenant.value() : DEFAULT_NAME;
			store.insertProfile(tenant, UUID.randomUUID(), name, "generic", interval, timeout, true);
			return store.defaultProfile(tenant).orElseThrow();
		});
	}

	/** A profile of the tenant by id, or the default one when {@code id} is null; a 400 naming {@code field} if unknown. */
	DeviceProfile resolve(TenantId tenant, @Nullable UUID id, String field, Validation v) {
		if (id == null) {
			return defaultProfile(tenant);
		}
		return store.profile(tenant, id).orElseGet(() -> {
			v.reject(field, "is not a device profile of your tenant");
			return null;
		});
	}

	private String enableProvisioning(TenantId tenant, UUID id) {
		String secret = Tokens.provisionSecret();
		store.setProvisioning(tenant, id, Tokens.provisionKey(), Tokens.sha256(secret));
		return secret;
	}

	private static String type(Validation v, String type) {
		if (!Validation.TYPE.matcher(type.strip()).matches()) {
			v.reject("type", "must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
		return type.strip();
	}

	private static int seconds(Validation v, String field, @Nullable Integer value, int fallback, int max) {
		if (value == null) {
			return fallback;
		}
		if (value < 1 || value > max) {
			v.reject(field, "must be between 1 and " + max + " seconds");
		}
		return value;
	}
}
