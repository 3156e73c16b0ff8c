package io.cirrus.health.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceDirectory;
import io.cirrus.device.DeviceFleet;
import io.cirrus.device.DeviceSummary;
import io.cirrus.health.DeviceReporting;
import io.cirrus.health.HealthProperties;
import io.cirrus.health.Recommendation;
import io.cirrus.health.RecommendationSource;
import io.cirrus.health.Severity;
import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;

/**
 * Device symptoms mapped to advice: devices silent for long (power, connectivity), reporting intervals drifting
 * from the profile (device clock, network), devices flapping (unstable link or power). Each links to the device.
 */
@Component
class DeviceAdvice implements RecommendationSource {

	private static final int SHOWN = 5;

	private final DeviceFleet fleet;

	private final DeviceDirectory directory;

	private final ReportingStore store;

	private final TransactionTemplate transactions;

	private final HealthProperties properties;

	private final Clock clock;

	DeviceAdvice(DeviceFleet fleet, DeviceDirectory directory, ReportingStore store, TransactionTemplate transactions,
			HealthProperties properties, Clock clock) {
		this.fleet = fleet;
		this.directory = directory;
		this.store = store;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public List<Recommendation> forTenant(TenantId tenant) {
		List<Recommendation> advice = new ArrayList<>();
		Instant now = clock.instant();
		Duration after = properties.devices().offlineAdviceAfter();
		for (DeviceSummary device : fleet.silentFor(tenant, after, SHOWN)) {
			advice.add(new Recommendation(Severity.MAJOR,
					"Device " + device.name() + " has sent nothing for " + human(Duration.between(device.lastSeen(), now))
							+ " (last seen " + device.lastSeen() + ").",
					"Check its power and connectivity (battery, cable, network, SIM), then its page for the last values and"
							+ " refused messages; send it a reboot command if it still listens.",
					"/devices/" + device.id(), device.lastSeen()));
		}
		List<DeviceReporting> drifting = TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.drifting(SHOWN)));
		for (DeviceReporting r : drifting) {
			String name = name(tenant, r);
			advice.add(new Recommendation(Severity.MINOR,
					"Device " + name + " reports every " + seconds(r.p50Millis()) + " (median of " + r.samples()
							+ ") instead of every " + r.expectedSeconds() + " s: " + (r.driftPercent() > 0 ? "+" : "")
							+ r.driftPercent() + " %.",
					"Check the device's clock and firmware schedule, and its network (retries and queues stretch the"
							+ " interval); or set the expected interval of its profile to what it really does.",
					"/devices/" + r.device()));
		}
		List<DeviceReporting> flapping = TenantContext.callAs(tenant, () -> transactions.execute(tx -> store.flapping(SHOWN)));
		for (DeviceReporting r : flapping) {
			advice.add(new Recommendation(Severity.MINOR,
					"Device " + name(tenant, r) + " went offline and came back " + r.flapsLastHour() + " times in the last hour.",
					"An unstable link or power supply: check signal strength and power; if it reports in bursts, raise the"
							+ " inactivity timeout of its profile above its longest normal pause.",
					"/devices/" + r.device()));
		}
		return advice;
	}

	private String name(TenantId tenant, DeviceReporting r) {
		return TenantContext.callAs(tenant, () -> directory.find(r.device()).map(DeviceSummary::name))
			.orElse(r.device().toString());
	}

	private static String seconds(long millis) {
		return millis < 10_000 ? String.format("%.1f s", millis / 1000.0) : (millis / 1000) + " s";
	}

	static String human(Duration d) {
		if (d.toDays() > 0) {
			return d.toDays() + " d " + d.toHoursPart() + " h";
		}
		if (d.toHours() > 0) {
			return d.toHours() + " h " + d.toMinutesPart() + " min";
		}
		return Math.max(1, d.toMinutes()) + " min";
	}
}
