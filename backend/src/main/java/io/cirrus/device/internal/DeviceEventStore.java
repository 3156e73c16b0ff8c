package io.cirrus.device.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cirrus.device.DeviceEvent;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * The device_event table. Writers call it in the transaction that made the change (bound to the tenant); the person
 * acting, if any, is taken from the signed-in user.
 */
@Repository
public class DeviceEventStore {

	private final JdbcClient jdbc;

	DeviceEventStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(TenantId tenant, DeviceId device, String kind, @Nullable String detail) {
		jdbc.sql("insert into device_event (tenant_id, device_id, kind, detail, by_user) values (?, ?, ?, ?, ?)")
			.params(tenant.value(), device.value(), kind, detail, by())
			.update();
	}

	/** One kind of event for many devices at once (a status sweep, an import), in one statement. */
	public void recordAll(TenantId tenant, List<DeviceId> devices, String kind, List<@Nullable String> details, Instant at) {
		if (devices.isEmpty()) {
			return;
		}
		jdbc.sql("insert into device_event (tenant_id, device_id, kind, detail, by_user, at)"
				+ " select ?, d, ?, x, ?, ? from unnest(?::uuid[], ?::text[]) as u(d, x)")
			.params(tenant.value(), kind, by(), Timestamp.from(at), devices.stream().map(DeviceId::value).toArray(UUID[]::new),
					details.toArray(String[]::new))
			.update();
	}

	public List<DeviceEvent> list(TenantId tenant, DeviceId device, int limit) {
		return jdbc.sql("select kind, detail, by_user, at from device_event where tenant_id = ? and device_id = ?"
				+ " order by at desc, kind limit ?")
			.params(tenant.value(), device.value(), limit)
			.query((rs, n) -> new DeviceEvent(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

	private static @Nullable String by() {
		return TenantContext.currentUser().map(u -> u.username()).orElse(null);
	}
}
