package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceProfiles.ProfileRequest;
import io.cirrus.device.DeviceRegistry.DeviceRequest;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantContext;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.PlatformNotifications;
import io.cirrus.test.RecordedEvents;
import io.cirrus.test.TestTenant;

/**
 * Last-seen from sightings, status computed from the profile's timeout, transitions announced once (a
 * {@link DeviceStatusChanged} per device, notifications for subscribers, one summary for many), fleet counts.
 */
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

	PlatformNotifications notifications;

	@BeforeEach
	void readNotifications() {
		notifications = new PlatformNotifications(jdbc, transactions);
	}

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
		Awaitility.await("online announced").atMost(Duration.ofSeconds(10)).until(() -> changes(id, DeviceStatus.ONLINE) == 1);
		Awaitility.await("its notification").atMost(Duration.ofSeconds(10))
			.until(() -> notifications.of(tenant.id(), "device.online").size() == 1);
		assertThat(notifications.of(tenant.id(), "device.online").getFirst().title()).isEqualTo("Device blinker is online again");

		Awaitility.await("offline after the 3 s timeout").atMost(Duration.ofSeconds(15))
			.until(() -> status(tenant, id) == DeviceStatus.OFFLINE && changes(id, DeviceStatus.OFFLINE) == 1);
		var recorded = events.recorded(DeviceStatusChanged.class, e -> e.device().equals(id) && !e.online()).getFirst();
		DeviceStatusChanged offline = (DeviceStatusChanged) recorded.event();
		assertThat(recorded.inTransaction()).as("published in the sweep's transaction").isTrue();
		assertThat(offline.tenant()).isEqualTo(tenant.id());
		assertThat(offline.name()).isEqualTo("blinker");
		assertThat(offline.status()).isEqualTo(DeviceStatus.OFFLINE);
		assertThat(offline.lastSeen()).isNotNull();
		assertThat(offline.sweep()).isEqualTo(new DeviceStatusChanged.Sweep(1, 0, List.of("blinker")));
		// Subscribers are told as before: one notification per transition, with the device's link and data.
		PlatformNotifications.Notification told = Await.value("the offline notification", Duration.ofSeconds(10),
				() -> notifications.of(tenant.id(), "device.offline"), n -> n.size() == 1).getFirst();
		assertThat(told.title()).isEqualTo("Device blinker went offline");
		assertThat(told.body()).startsWith("The device blinker has not reported since ");
		assertThat(told.link()).isEqualTo("/devices/" + id);
		assertThat(told.data()).containsEntry("deviceId", id.toString()).containsEntry("name", "blinker");
		assertThat(told.priority()).as("high").isEqualTo(2);

		// Heard again: online again, announced once more; an older sighting never moves last-seen back.
		Instant now = Instant.now();
		sightings.seen(List.of(new Sighting(tenant.id(), id, now), new Sighting(tenant.id(), id, now.minusSeconds(3600))));
		sightings.seen(List.of(new Sighting(tenant.id(), id, now.minusSeconds(60))));
		DeviceSummary device = tenant.asDeveloper(() -> directory.find(id)).orElseThrow();
		assertThat(device.lastSeen()).isCloseTo(now, org.assertj.core.api.Assertions.within(Duration.ofMillis(1)));
		Awaitility.await("online again").atMost(Duration.ofSeconds(10)).until(() -> changes(id, DeviceStatus.ONLINE) == 2);
		assertThat(changes(id, DeviceStatus.OFFLINE)).isEqualTo(1);
		Awaitility.await("its notification").atMost(Duration.ofSeconds(10))
			.until(() -> notifications.of(tenant.id(), "device.online").size() == 2);
		assertThat(notifications.of(tenant.id(), "device.offline")).hasSize(1);
	}

	@Test
	void manyDevicesChangingInOneSweepAreEachAnnouncedButSubscribersGetOneSummary() {
		TestTenant tenant = TestTenant.create(jdbc);
		int count = 25; // beyond cirrus.notification.max-device-status-notifications (20)
		List<DeviceId> ids = tenant.asDeveloper(() -> {
			var profile = profiles.create(new ProfileRequest("gateway", "thermo", 1, 3, null)).profile();
			List<DeviceId> registered = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				registered.add(registry.register(new DeviceRequest("node-" + i, profile.id(), null, null)).device().id());
			}
			return registered;
		});
		Instant now = Instant.now();
		// One call, one transaction: the next sweep finds them all at once.
		sightings.seen(ids.stream().map(id -> new Sighting(tenant.id(), id, now)).toList());

		// Patient: a sweep of thousands of another test's devices may come first.
		Awaitility.await("every device announced online").atMost(Duration.ofSeconds(30))
			.until(() -> changesOf(tenant, DeviceStatus.ONLINE).size() == count);
		List<DeviceStatusChanged> online = changesOf(tenant, DeviceStatus.ONLINE);
		assertThat(online).extracting(DeviceStatusChanged::device).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(online).extracting(e -> e.sweep().size()).containsOnly(count);
		assertThat(online).extracting(e -> e.sweep().index()).containsExactlyInAnyOrderElementsOf(
				java.util.stream.IntStream.range(0, count).boxed().toList());
		List<String> samples = online.getFirst().sweep().samples();
		assertThat(samples).hasSize(5);
		assertThat(online).extracting(e -> e.sweep().samples()).containsOnly(samples);

		PlatformNotifications.Notification summary = Await.value("the summary", Duration.ofSeconds(10),
				() -> notifications.of(tenant.id(), "device.online"), n -> n.size() == 1).getFirst();
		assertThat(summary.title()).isEqualTo("25 devices came back online");
		assertThat(summary.body()).isEqualTo("25 devices came back online, e.g. " + String.join(", ", samples)
				+ ". See the Devices view.");
		assertThat(summary.link()).isEqualTo("/devices");
		assertThat(summary.data()).containsExactly(java.util.Map.entry("count", "25"));
		assertThat(summary.priority()).as("normal").isEqualTo(1);

		Awaitility.await("every device announced offline").atMost(Duration.ofSeconds(30))
			.until(() -> changesOf(tenant, DeviceStatus.OFFLINE).size() == count);
		PlatformNotifications.Notification offline = Await.value("the offline summary", Duration.ofSeconds(10),
				() -> notifications.of(tenant.id(), "device.offline"), n -> n.size() == 1).getFirst();
		assertThat(offline.title()).isEqualTo("25 devices went offline");
		assertThat(offline.priority()).as("high").isEqualTo(2);
		// Nothing is left to run: no per-device notification follows the summaries.
		Await.until("the publications completed", Duration.ofSeconds(10), () -> incompletePublications(ids) == 0);
		assertThat(notifications.of(tenant.id(), "device.online")).hasSize(1);
		assertThat(notifications.of(tenant.id(), "device.offline")).hasSize(1);
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

	@Test
	void aDeviceIsAnnouncedWithinSecondsWhileThousandsOfOtherTenantsHaveNothingToAnnounce() {
		// Tenants without a device, as most of a large platform's are at any moment.
		List<UUID> quiet = jdbc.sql("""
				insert into tenant (id, alias, name)
				select gen_random_uuid(), 'quiet-' || n || '-' || substr(md5(random()::text), 1, 8), 'Quiet ' || n
				from generate_series(1, 3000) n returning id""").query(UUID.class).list();
		try {
			TestTenant tenant = TestTenant.create(jdbc);
			DeviceId id = tenant.asDeveloper(() -> {
				var profile = profiles.create(new ProfileRequest("quick", "thermo", 1, 3, null)).profile();
				return registry.register(new DeviceRequest("lonely", profile.id(), null, null)).device().id();
			});
			sightings.seen(List.of(new Sighting(tenant.id(), id, Instant.now())));
			// The sweep runs every second in the tests: a few sweeps' time, not one per tenant.
			Awaitility.await("online announced among 3,000 more tenants").atMost(Duration.ofSeconds(5))
				.until(() -> changes(id, DeviceStatus.ONLINE) == 1);
		}
		finally {
			jdbc.sql("delete from tenant where id = any(?)").param(quiet.toArray(UUID[]::new)).update();
		}
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

	private long changes(DeviceId id, DeviceStatus status) {
		return events.of(DeviceStatusChanged.class, e -> e.device().equals(id) && e.status() == status).size();
	}

	private List<DeviceStatusChanged> changesOf(TestTenant tenant, DeviceStatus status) {
		return events.of(DeviceStatusChanged.class, e -> e.tenant().equals(tenant.id()) && e.status() == status);
	}

	private long incompletePublications(List<DeviceId> ids) {
		return ids.stream()
			.mapToLong(id -> jdbc.sql("select count(*) from event_publication where serialized_event like ?")
				.param("%" + id + "%")
				.query(Long.class)
				.single())
			.sum();
	}
}
