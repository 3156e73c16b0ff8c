package io.cirrus.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.device.internal.DeviceEventStore;
import io.cirrus.device.internal.DeviceStore;
import io.cirrus.device.internal.Tokens;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Registering, changing and decommissioning the caller's tenant's devices, and their credentials. A new token is
 * returned exactly once (registration, rotation) and stored only as its SHA-256. Each registration, change and
 * decommissioning publishes its event ({@link DeviceRegistered}, {@link DeviceUpdated},
 * {@link DeviceDecommissioned}) in the transaction that made it; the notification module keeps its recipients
 * current from them (docs/adr/0023).
 */
@Service
public class DeviceRegistry {

	private final DeviceStore store;

	private final DeviceProfiles profiles;

	private final DeviceCredentials credentials;

	private final ApplicationEventPublisher events;

	private final DeviceEventStore history;

	DeviceRegistry(DeviceStore store, DeviceProfiles profiles, DeviceCredentials credentials,
			ApplicationEventPublisher events, DeviceEventStore history) {
		this.store = store;
		this.profiles = profiles;
		this.credentials = credentials;
		this.events = events;
		this.history = history;
	}

	/** A device to register, or the changes to one (null fields keep their value on update). */
	public record DeviceRequest(@Nullable String name, @Nullable UUID profileId, @Nullable List<String> tags,
			@Nullable Map<String, Object> metadata) {
	}

	/** A device with its token, which is shown this once and never again. */
	public record DeviceWithToken(DeviceSummary device, String token) {
	}

	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public DeviceWithToken register(DeviceRequest request) {
		return register(TenantContext.require(), request);
	}

	/** Registers without a signed-in user (self-provisioning), for {@code tenant}. */
	DeviceWithToken register(TenantId tenant, DeviceRequest request) {
		Validation v = new Validation();
		String name = v.name("name", request.name(), 200);
		DeviceProfile profile = profiles.resolve(tenant, request.profileId(), "profileId", v);
		List<String> tags = v.tags("tags", request.tags());
		Map<String, Object> metadata = v.metadata("metadata", request.metadata());
		v.throwIfInvalid();
		DeviceId id = DeviceId.random();
		String token = Tokens.deviceToken();
		store.insert(tenant, new DeviceStore.NewDevice(id, name, profile.id(), tags, metadata, Tokens.sha256(token)));
		DeviceSummary device = store.find(tenant, id).orElseThrow();
		events.publishEvent(new DeviceRegistered(tenant, id, device.name(), device.profileId(), device.tags(),
				device.metadata(), device.createdAt()));
		if (TenantContext.currentUser().isPresent()) {
			// Self-provisioning records its own event, saying so.
			history.record(tenant, id, "registered", "profile " + device.profileName());
		}
		return new DeviceWithToken(device, token);
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public DeviceSummary get(DeviceId id) {
		return store.find(TenantContext.require(), id).orElseThrow(() -> new NotFoundException("Device", id));
	}

	/** A page of devices; {@code count} also counts all matches (one more query). */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public DevicePage list(DeviceQuery query, boolean count) {
		TenantId tenant = TenantContext.require();
		Validation v = new Validation();
		DeviceStore.Sort sort = switch (query.sort()) {
			case "name" -> DeviceStore.Sort.NAME;
			case "lastSeen" -> DeviceStore.Sort.LAST_SEEN;
			case "created" -> DeviceStore.Sort.CREATED;
			default -> {
				v.reject("sort", "must be one of name, lastSeen, created");
				yield DeviceStore.Sort.NAME;
			}
		};
		if (query.page() < 0) {
			v.reject("page", "must be 0 or more");
		}
		if (query.size() < 1 || query.size() > DeviceQuery.MAX_SIZE) {
			v.reject("size", "must be between 1 and " + DeviceQuery.MAX_SIZE);
		}
		if (query.tag() != null && !query.tag().isBlank() && !Validation.TAG.matcher(query.tag().strip()).matches()) {
			v.reject("tag", "must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
		if (query.name() != null && query.name().length() > 200) {
			v.reject("name", "must be at most 200 characters");
		}
		v.throwIfInvalid();
		var filter = new DeviceStore.Filter(query.name(), query.tag(), query.profileId(), query.status());
		var items = store.list(tenant, filter, sort, query.descending(), (long) query.page() * query.size(), query.size());
		return new DevicePage(items, query.page(), query.size(), count ? store.count(tenant, filter) : null);
	}

	/** How many devices match the query's filters. */
	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public long count(DeviceQuery query) {
		return store.count(TenantContext.require(),
				new DeviceStore.Filter(query.name(), query.tag(), query.profileId(), query.status()));
	}

	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public DeviceSummary update(DeviceId id, DeviceRequest request) {
		return update(TenantContext.require(), id, request);
	}

	private DeviceSummary update(TenantId tenant, DeviceId id, DeviceRequest request) {
		DeviceSummary current = store.find(tenant, id).orElseThrow(() -> new NotFoundException("Device", id));
		if (current.decommissionedAt() != null) {
			throw new CirrusException(Problems.CONFLICT,
					"Device " + id + " is decommissioned; its record is kept for history and cannot change.");
		}
		Validation v = new Validation();
		String name = request.name() == null ? current.name() : v.name("name", request.name(), 200);
		UUID profile = request.profileId() == null ? current.profileId()
				: profiles.resolve(tenant, request.profileId(), "profileId", v) instanceof DeviceProfile p ? p.id() : current.profileId();
		List<String> tags = request.tags() == null ? current.tags() : v.tags("tags", request.tags());
		Map<String, Object> metadata = request.metadata() == null ? current.metadata() : v.metadata("metadata", request.metadata());
		v.throwIfInvalid();
		store.update(tenant, id, name, profile, tags, metadata);
		credentials.invalidate(id);
		DeviceSummary device = store.find(tenant, id).orElseThrow();
		events.publishEvent(new DeviceUpdated(tenant, id, device.name(), device.profileId(), device.tags(),
				device.metadata(), device.updatedAt()));
		history.record(tenant, id, "updated", changes(current, device));
		return device;
	}

	/** What an update changed, for the device's history. */
	private static @Nullable String changes(DeviceSummary before, DeviceSummary after) {
		List<String> changed = new java.util.ArrayList<>();
		if (!before.name().equals(after.name())) {
			changed.add("name " + before.name() + " → " + after.name());
		}
		if (!before.profileId().equals(after.profileId())) {
			changed.add("profile " + before.profileName() + " → " + after.profileName());
		}
		if (!before.tags().equals(after.tags())) {
			changed.add("tags");
		}
		if (!before.metadata().equals(after.metadata())) {
			changed.add("metadata");
		}
		return changed.isEmpty() ? null : String.join(", ", changed);
	}

	/**
	 * Adds and removes tags and sets metadata keys on the platform's behalf (a deployed app's set-device action; the
	 * app's permissions were checked by the caller). The caller binds the tenant ({@link TenantContext#callAs}).
	 */
	@Transactional
	public DeviceSummary changeAsPlatform(TenantId tenant, DeviceId id, List<String> addTags, List<String> removeTags,
			Map<String, Object> metadata) {
		DeviceSummary current = store.find(tenant, id).orElseThrow(() -> new NotFoundException("Device", id));
		java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>(current.tags());
		tags.addAll(addTags);
		tags.removeAll(removeTags);
		Map<String, Object> merged = new java.util.LinkedHashMap<>(current.metadata());
		merged.putAll(metadata);
		return update(tenant, id, new DeviceRequest(null, null, List.copyOf(tags), merged));
	}

	/** Decommissions: the token is revoked, the device stays for history (status {@code decommissioned}). */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public void decommission(DeviceId id) {
		TenantId tenant = TenantContext.require();
		DeviceSummary current = store.find(tenant, id).orElseThrow(() -> new NotFoundException("Device", id));
		if (current.decommissionedAt() == null && store.decommission(tenant, id) == 1) {
			Instant at = store.find(tenant, id).map(DeviceSummary::decommissionedAt).orElseGet(Instant::now);
			events.publishEvent(new DeviceDecommissioned(tenant, id, current.name(), at));
			history.record(tenant, id, "decommissioned", null);
		}
		credentials.invalidate(id);
	}

	/** A new token; the old one stops working at once. */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public DeviceWithToken rotateToken(DeviceId id) {
		TenantId tenant = TenantContext.require();
		DeviceSummary current = store.find(tenant, id).orElseThrow(() -> new NotFoundException("Device", id));
		if (current.decommissionedAt() != null) {
			throw new CirrusException(Problems.CONFLICT,
					"Device " + id + " is decommissioned and cannot get a new token.");
		}
		String token = Tokens.deviceToken();
		store.setToken(tenant, id, Tokens.sha256(token));
		history.record(tenant, id, "token-rotated", null);
		// Every instance hears of it at commit; MQTT connections opened with the old token end then.
		credentials.invalidate(id);
		return new DeviceWithToken(store.find(tenant, id).orElseThrow(), token);
	}

	/** Revokes the token: the device answers 401 until a new one is issued by {@link #rotateToken}. */
	@PreAuthorize(Access.MANAGERS)
	@Transactional
	public DeviceSummary revokeToken(DeviceId id) {
		TenantId tenant = TenantContext.require();
		store.find(tenant, id).orElseThrow(() -> new NotFoundException("Device", id));
		store.revokeToken(tenant, id);
		history.record(tenant, id, "token-revoked", null);
		credentials.invalidate(id);
		return store.find(tenant, id).orElseThrow();
	}
}
