package io.cirrus.device;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/**
 * A device went offline (silent for longer than its profile's inactivity timeout) or came back online. The status
 * sweep publishes one per device and transition, exactly once, in the transaction that records the transition. A
 * decommissioned device changes no more: {@link DeviceDecommissioned} says it.
 *
 * @param tenant     the device's tenant
 * @param device     the device
 * @param name       its name
 * @param status     {@link DeviceStatus#ONLINE} or {@link DeviceStatus#OFFLINE}
 * @param lastSeen   when it was last heard from (null if never)
 * @param occurredAt when the sweep saw the transition
 * @param sweep      the transitions of the same sweep, tenant and direction this one belongs to
 */
public record DeviceStatusChanged(TenantId tenant, DeviceId device, String name, DeviceStatus status,
		@Nullable Instant lastSeen, Instant occurredAt, Sweep sweep) {

	public DeviceStatusChanged {
		Objects.requireNonNull(tenant, "tenant");
		Objects.requireNonNull(device, "device");
		if (status != DeviceStatus.ONLINE && status != DeviceStatus.OFFLINE) {
			throw new IllegalArgumentException("a device status change is to online or offline, not " + status);
		}
	}

	/** Whether the device came back online (else it went offline). */
	public boolean online() {
		return status == DeviceStatus.ONLINE;
	}

	/**
	 * Where a transition stands among those one sweep found for the tenant in the same direction, so a listener can
	 * tell one device from many (a gateway outage takes thousands offline at once) without collecting the events:
	 * e.g. one notification about the whole sweep, made from the event of index 0.
	 *
	 * @param size    how many devices of the tenant the sweep found changing in this direction
	 * @param index   this event's position among them (0 to size - 1)
	 * @param samples the names of the first few of them, the same in every event of the sweep
	 */
	public record Sweep(int size, int index, List<String> samples) {

		/** At most this many sample names. */
		public static final int SAMPLES = 5;

		public Sweep {
			if (size < 1 || index < 0 || index >= size) {
				throw new IllegalArgumentException("index " + index + " of a sweep of " + size);
			}
			samples = List.copyOf(samples);
		}
	}
}
