package io.cirrus.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.cirrus.device.DeviceProfiles.ProfileRequest;
import io.cirrus.device.DeviceRegistry.DeviceRequest;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.NotFoundException;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.TestTenant;

/** A device's history: what people did to it and when it came and went, newest first, for its tenant only. */
@CirrusIntegrationTest
class DeviceHistoryIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	DeviceProfiles profiles;

	@Autowired
	DeviceSightings sightings;

	@Autowired
	DeviceHistory history;

	@Test
	void theHistoryListsWhatHappenedToTheDeviceNewestFirst() {
		TestTenant tenant = TestTenant.create(jdbc);
		DeviceId id = tenant.asDeveloper(() -> {
			var profile = profiles.create(new ProfileRequest("quick", "thermo", 1, 3, null)).profile();
			return registry.register(new DeviceRequest("story", profile.id(), null, null)).device().id();
		});
		sightings.seen(List.of(new Sighting(tenant.id(), id, Instant.now())));
		Awaitility.await("online, then offline after the 3 s timeout").atMost(Duration.ofSeconds(20))
			.until(() -> kinds(tenant, id).containsAll(List.of("online", "offline")));
		tenant.asDeveloper(() -> registry.update(id, new DeviceRequest("story 2", null, List.of("north"), null)));
		tenant.asDeveloper(() -> registry.rotateToken(id));
		tenant.asDeveloper(() -> registry.revokeToken(id));
		tenant.asDeveloper(() -> {
			registry.decommission(id);
			return null;
		});

		List<DeviceEvent> events = tenant.asDeveloper(() -> history.events(id, 50));
		assertThat(events).extracting(DeviceEvent::kind)
			.containsExactly("decommissioned", "token-revoked", "token-rotated", "updated", "offline", "online", "registered");
		assertThat(events.get(3).detail()).isEqualTo("name story → story 2, tags");
		assertThat(events.get(3).by()).isEqualTo("dev-" + tenant.alias());
		assertThat(events.get(4).by()).as("the platform's sweep, not a person").isNull();
		assertThat(events.get(4).detail()).startsWith("last seen ");
		assertThat(events.getLast().detail()).isEqualTo("profile quick");

		TestTenant other = TestTenant.create(jdbc);
		assertThatThrownBy(() -> other.asDeveloper(() -> history.events(id, 50))).isInstanceOf(NotFoundException.class);
	}

	@Test
	void theApiListsADevicesEventsToItsTenantOnly() {
		String dev = io.cirrus.test.Keycloak.token("acme-dev");
		var device = io.cirrus.test.DeviceApi.register(dev, "history-" + java.util.UUID.randomUUID().toString().substring(0, 6));
		io.cirrus.test.Api.Answer answer = io.cirrus.test.Api.get("/api/v1/devices/" + device.id() + "/events", dev);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get(0).get("kind").asString()).isEqualTo("registered");
		assertThat(answer.json().get(0).get("by").asString()).isEqualTo("acme-dev");
		io.cirrus.test.Api.Answer globex = io.cirrus.test.Api.get("/api/v1/devices/" + device.id() + "/events",
				io.cirrus.test.Keycloak.token("globex-dev"));
		assertThat(globex.status()).isEqualTo(404);
		assertThat(globex.contentType()).startsWith("application/problem+json");
		assertThat(io.cirrus.test.Api.get("/api/v1/devices/" + device.id() + "/events?limit=0", dev).status()).isEqualTo(400);
	}

	private List<String> kinds(TestTenant tenant, DeviceId id) {
		return tenant.asDeveloper(() -> history.events(id, 50)).stream().map(DeviceEvent::kind).toList();
	}
}
