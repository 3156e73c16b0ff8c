package io.cirrus.device.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.cirrus.shared.TenantId;

/** Tenants with commands that may still be open, as far as this instance knows: what the sweeper visits often. */
@Component
public class OpenCommandTenants {

	private final Set<TenantId> tenants = ConcurrentHashMap.newKeySet();

	public void add(TenantId tenant) {
		tenants.add(tenant);
	}

	public void remove(TenantId tenant) {
		tenants.remove(tenant);
	}

	public List<TenantId> snapshot() {
		return List.copyOf(tenants);
	}
}
