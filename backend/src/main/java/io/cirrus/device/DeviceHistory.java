package io.cirrus.device;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cirrus.device.internal.DeviceEventStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.NotFoundException;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/** What happened to a device of the caller's tenant, newest first; another tenant's device is not found. */
@Service
public class DeviceHistory {

	/** Most events one call lists. */
	public static final int MAX = 500;

	private final DeviceEventStore events;

	private final DeviceDirectory devices;

	DeviceHistory(DeviceEventStore events, DeviceDirectory devices) {
		this.events = events;
		this.devices = devices;
	}

	@PreAuthorize(Access.READERS)
	@Transactional(readOnly = true)
	public List<DeviceEvent> events(DeviceId device, int limit) {
		if (limit < 1 || limit > MAX) {
			throw CirrusException.invalidField("limit", "must be between 1 and " + MAX);
		}
		TenantId tenant = TenantContext.require();
		devices.find(device).orElseThrow(() -> new NotFoundException("Device", device));
		return events.list(tenant, device, limit);
	}
}
