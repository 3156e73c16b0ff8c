package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceProfiles.ProfileRequest;
import io.cirrus.device.DeviceRegistry.DeviceRequest;
import io.cirrus.notification.PlatformEvent;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.RecordedEvents;
import io.cirrus.test.TestTenant;

/** Last-seen from sightings, status computed from the profile's timeout, transitions announced once, fleet counts. */
@CirrusIntegrationTest
class DeviceStatusIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	DeviceProfiles profiles;

	@Autowired
	DeviceSightings sightings;

	@Autowired
	DeviceFleet fleet;

	@Autowired
	DeviceDirectory directory;

	@Autowired
	RecordedEvents events;

	@Test
	void deviceGoesOnlineThenOfflineAndEachTransitionIsAnnouncedOnce() {
		TestTenant tenant = TestTenant.create(jdbc);
		DeviceId id = tenant.asDeveloper(() -> {
			var profile = profiles.create(new ProfileRequest("fast", "thermo", 1, 3, null)).profile();
			return registry.register(new DeviceRequest("blinker", profile.id(), null, null)).device().id();
		});
		assertThat(status(tenant, id)).isEqualTo(DeviceStatus.NEVER_SEEN);

		sightings.seen(List.of(new Sighting(tenant.id(), id, Instant.now())));
		assertThat(status(tenant, id)).isEqualTo(DeviceStatus.ONLINE);
		Awaitility.await("online announced").atMost(Duration.ofSeconds(10)).until(() -> announced(tenant, PlatformEvent.DEVICE_ONLINE) == 1);

		Awaitility.await("offline after the 3 s timeout").atMost(Duration.ofSeconds(15))
			.until(() -> status(tenant, id) == DeviceStatus.OFFLINE && announced(tenant, PlatformEvent.DEVICE_OFFLINE) == 1);
		PlatformEvent offline = events.of(PlatformEvent.DEVICE_OFFLINE).stream().filter(e -> e.tenant().equals(tenant.id())).findFirst().orElseThrow();
		assertThat(offline.data()).containsEntry("deviceId", id.toString());
		assertThat(offline.link()).isEqualTo("/devices/" + id);

		// Heard again: online again, announced once more; an older sighting never moves last-seen back.
		Instant now = Instant.now();
		sightings.seen(List.of(new Sighting(tenant.id(), id, now), new Sighting(tenant.id(), id, now.minusSeconds(3600))));
		sightings.seen(List.of(new Sighting(tenant.id(), id, now.minusSeconds(60))));
		DeviceSummary device = tenant.asDeveloper(() -> directory.find(id)).orElseThrow();
		assertThat(device.lastSeen()).isCloseTo(now, org.assertj.core.api.Assertions.within(Duration.ofMillis(1)));
		Awaitility.await("online again").atMost(Duration.ofSeconds(10)).until(() -> announced(tenant, PlatformEvent.DEVICE_ONLINE) == 2);
		assertThat(announced(tenant, PlatformEvent.DEVICE_OFFLINE)).isEqualTo(1);
	}

	@Test
	void sightingsOfThousandsOfDevicesInOneCallMoveLastSeenAndFleetCounts() {
		TestTenant tenant = TestTenant.create(jdbc);
		StringBuilder csv = new StringBuilder("name\n");
		for (int i = 0; i < 3000; i++) {
			csv.append("d").append(i).append('\n');
		}
		List<DeviceId> ids = new ArrayList<>();
		tenant.asDeveloper(() -> registryImport(csv.toString())).devices().forEach(d -> ids.add(d.id()));
		Instant now = Instant.now();
		List<Sighting> batch = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			batch.add(new Sighting(tenant.id(), ids.get(i), now));
		}
		// Another tenant's sightings in the same batch never touch this tenant's rows.
		TestTenant other = TestTenant.create(jdbc);
		batch.add(new Sighting(other.id(), ids.get(2500), now));
		long started = System.nanoTime();
		sightings.seen(batch);
		System.out.println("2,001 sightings in " + (System.nanoTime() - started) / 1_000_000 + " ms");

		FleetCounts counts = fleet.counts(tenant.id());
		assertThat(counts.total()).isEqualTo(3000);
		assertThat(counts.online()).isEqualTo(2000);
		assertThat(counts.neverSeen()).isEqualTo(1000);
		assertThat(counts.offline()).isZero();
		assertThat(fleet.counts(other.id()).total()).isZero();
		assertThat(tenant.asDeveloper(() -> directory.find(ids.get(2500))).orElseThrow().lastSeen()).isNull();
		// Another tenant does not find these devices at all.
		assertThat(other.asDeveloper(() -> directory.find(ids.get(0)))).isEmpty();
	}

	@Autowired
	DeviceImport importer;

	@Autowired
	DeviceCredentials credentials;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void sightingsAndAuthenticationWorkInsideACallersTransactionBoundToAnotherTenant() {
		TestTenant tenant = TestTenant.create(jdbc);
		TestTenant other = TestTenant.create(jdbc);
		var registered = tenant.asDeveloper(() -> registry.register(new DeviceRequest("nested", null, null, null)));
		DeviceId id = registered.device().id();

		var authenticated = TenantContext.callAs(other.id(), () -> transactions.execute(tx -> {
			sightings.seen(List.of(new Sighting(tenant.id(), id, Instant.now())));
			return credentials.authenticate(registered.token());
		}));

		assertThat(authenticated).isPresent();
		assertThat(authenticated.get().tenant()).isEqualTo(tenant.id());
		assertThat(status(tenant, id)).isEqualTo(DeviceStatus.ONLINE);
	}

	private DeviceImport.ImportResult registryImport(String csv) {
		return importer.importCsv(csv, false, null);
	}

	private DeviceStatus status(TestTenant tenant, DeviceId id) {
		return tenant.asDeveloper(() -> directory.find(id)).orElseThrow().status();
	}

	private long announced(TestTenant tenant, String type) {
		return events.of(type).stream().filter(e -> e.tenant().equals(tenant.id())).count();
	}
}
