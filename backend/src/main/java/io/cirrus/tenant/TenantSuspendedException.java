package io.cirrus.tenant;

import java.util.Map;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;

/** What a suspended tenant's users get for anything they ask: 403 "Tenant suspended", with the reason. */
public class TenantSuspendedException extends CirrusException {

	public TenantSuspendedException(TenantSuspensions.Suspension suspension) {
		super(Problems.TENANT_SUSPENDED, suspension.detail(), suspension.properties());
	}

	/** The problem's extra members for a suspension: its reason and since when. */
	static Map<String, Object> properties(TenantSuspensions.Suspension suspension) {
		return Map.of("reason", suspension.reason(), "suspendedAt", suspension.since().toString());
	}
}
