package io.cirrus.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cirrus.device.DeviceStatus;
import io.cirrus.device.DeviceStatusChanged;
import io.cirrus.health.Severity;
import io.cirrus.notification.Priority;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;

/** What people are told of other modules' events, and the keys that make a resubmitted event harmless. */
class EventNotificationsTests {

	static final TenantId TENANT = TenantId.random();

	static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

	@Test
	void alarmSeverityDecidesThePriority() {
		assertThat(AlarmNotifications.priority(Severity.CRITICAL)).isEqualTo(Priority.URGENT);
		assertThat(AlarmNotifications.priority(Severity.MAJOR)).isEqualTo(Priority.HIGH);
		assertThat(AlarmNotifications.priority(Severity.MINOR)).isEqualTo(Priority.NORMAL);
		assertThat(AlarmNotifications.priority(Severity.WARNING)).isEqualTo(Priority.LOW);
	}

	@Test
	void aDeviceGoingOfflineIsToldWithItsLinkAndLastSeen() {
		DeviceId device = DeviceId.random();
		PlatformEvent told = DeviceStatusNotifications.single(offline(device, "pump", 0, 1));
		assertThat(told.type()).isEqualTo("device.offline");
		assertThat(told.priority()).isEqualTo(Priority.HIGH);
		assertThat(told.title()).isEqualTo("Device pump went offline");
		assertThat(told.body()).isEqualTo("The device pump has not reported since 2026-12-07T09:55:00Z, longer than its "
				+ "profile's inactivity timeout.");
		assertThat(told.link()).isEqualTo("/devices/" + device);
		assertThat(told.data()).containsEntry("deviceId", device.toString()).containsEntry("lastSeen", "2026-12-07T09:55:00Z");
	}

	@Test
	void aSweepOfManyDevicesIsSummarisedByItsFirstEventWithAKeyOfItsOwn() {
		DeviceId first = DeviceId.random();
		PlatformEvent summary = DeviceStatusNotifications.summary(offline(first, "gw-1", 0, 300));
		assertThat(summary.title()).isEqualTo("300 devices went offline");
		assertThat(summary.body()).isEqualTo("300 devices went offline, e.g. gw-1, gw-2. See the Devices view.");
		assertThat(summary.link()).isEqualTo("/devices");
		assertThat(PlatformEvents.idempotencyKey(summary))
			.as("the summary and the first device's own notification never share a key")
			.isNotEqualTo(PlatformEvents.idempotencyKey(DeviceStatusNotifications.single(offline(first, "gw-1", 0, 1))));
	}

	@Test
	void theSameEventAlwaysGetsTheSameKeyAndAnotherTransitionAnother() {
		DeviceId device = DeviceId.random();
		String key = PlatformEvents.idempotencyKey(DeviceStatusNotifications.single(offline(device, "pump", 0, 1)));
		assertThat(PlatformEvents.idempotencyKey(DeviceStatusNotifications.single(offline(device, "pump", 0, 1))))
			.isEqualTo(key)
			.startsWith("event:");
		DeviceStatusChanged later = new DeviceStatusChanged(TENANT, device, "pump", DeviceStatus.OFFLINE,
				AT.minusSeconds(300), AT.plusSeconds(60), new DeviceStatusChanged.Sweep(1, 0, List.of("pump")));
		assertThat(PlatformEvents.idempotencyKey(DeviceStatusNotifications.single(later))).isNotEqualTo(key);
	}

	private static DeviceStatusChanged offline(DeviceId device, String name, int index, int size) {
		return new DeviceStatusChanged(TENANT, device, name, DeviceStatus.OFFLINE, AT.minusSeconds(300), AT,
				new DeviceStatusChanged.Sweep(size, index, List.of(name, "gw-2")));
	}
}
