package io.cirrus.device;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceRegistry.DeviceRequest;
import io.cirrus.device.DeviceRegistry.DeviceWithToken;
import io.cirrus.device.internal.DeviceEventStore;
import io.cirrus.device.internal.DeviceStore;
import io.cirrus.device.internal.Tokens;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantContext;

/**
 * Self-provisioning: a device that knows a profile's provisioning key and secret registers itself and receives its
 * token (like ThingsBoard's "allow create new devices"). No user and no tenant context: the key decides the tenant.
 */
@Service
public class DeviceProvisioning {

	private final DeviceStore store;

	private final DeviceRegistry registry;

	private final TransactionTemplate transactions;

	private final DeviceEventStore history;

	DeviceProvisioning(DeviceStore store, DeviceRegistry registry, TransactionTemplate transactions,
			DeviceEventStore history) {
		this.history = history;
		this.store = store;
		this.registry = registry;
		this.transactions = transactions;
	}

	/** A self-provisioning request as a device sends it. */
	public record ProvisionRequest(@Nullable String provisionKey, @Nullable String provisionSecret,
			@Nullable String name) {
	}

	/** Registers a device in the profile the key names; 401 when key or secret are wrong (never says which). */
	public DeviceWithToken provision(ProvisionRequest request) {
		Validation v = new Validation();
		if (request.provisionKey() == null || request.provisionKey().isBlank()) {
			v.reject("provisionKey", "must not be blank");
		}
		if (request.provisionSecret() == null || request.provisionSecret().isBlank()) {
			v.reject("provisionSecret", "must not be blank");
		}
		v.name("name", request.name(), 200);
		v.throwIfInvalid();
		var owner = transactions.execute(tx -> store.provisionKeyOwner(request.provisionKey().strip()))
			.orElseThrow(DeviceProvisioning::refused);
		return TenantContext.callAs(owner.tenant(), () -> transactions.execute(tx -> {
			byte[] hash = store.provisionSecretHash(owner.tenant(), owner.profile()).orElseThrow(DeviceProvisioning::refused);
			if (!Tokens.matches(request.provisionSecret().strip(), hash)) {
				throw refused();
			}
			DeviceWithToken created = registry.register(owner.tenant(), new DeviceRequest(request.name(), owner.profile(), null, null));
			history.record(owner.tenant(), created.device().id(), "provisioned",
					"with the provisioning key of profile " + created.device().profileName());
			return created;
		}));
	}

	private static CirrusException refused() {
		return new CirrusException(Problems.UNAUTHORIZED,
				"The provisioning key or secret is wrong, or the profile no longer allows self-provisioning.");
	}
}
