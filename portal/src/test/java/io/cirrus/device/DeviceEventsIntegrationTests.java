package io.cirrus.device;

import static io.cirrus.device.DeviceApiIntegrationTests.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import io.cirrus.test.RecordedEvents;
import io.cirrus.test.RecordedEvents.Recorded;
import tools.jackson.databind.JsonNode;

/**
 * The device module's events: registering a device (through the API, a CSV import or self-provisioning), changing
 * it and decommissioning it each publish their event, in the transaction that made the change. The notification
 * module keeps its recipients from them in that same transaction: the moment the API answers, a broadcast's target
 * already counts the new device, and no longer the decommissioned one.
 */
@CirrusIntegrationTest
class DeviceEventsIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Test
	void registeringChangingAndDecommissioningThroughTheApiPublishEachEventOnce() {
		String dev = Keycloak.token("acme-dev");
		TenantId acme = TenantId.of(Api.get("/api/v1/me", dev).json().at("/tenant/id").asString());
		String tag = "ev-" + suffix();
		Answer created = Api.post("/api/v1/devices", dev,
				Api.json(Map.of("name", "thermo-" + tag, "tags", List.of(tag), "metadata", Map.of("floor", 3))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode device = created.json().get("device");
		DeviceId id = DeviceId.of(device.get("id").asString());
		UUID profile = UUID.fromString(device.get("profileId").asString());
		// No waiting: the recipient committed with the device.
		assertThat(recipients(dev, "tag:" + tag)).isEqualTo(1);

		DeviceRegistered registered = only(DeviceRegistered.class, e -> e.device().equals(id));
		assertThat(registered).isEqualTo(new DeviceRegistered(acme, id, "thermo-" + tag, profile, List.of(tag),
				Map.of("floor", 3), Instant.parse(device.get("createdAt").asString())));

		String moved = tag + "-moved";
		String path = "/api/v1/devices/" + id;
		Answer updated = Api.put(path, dev,
				Api.json(Map.of("name", "thermo-2-" + tag, "tags", List.of(moved, "spare"), "metadata", Map.of("floor", 4))));
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		DeviceUpdated changed = only(DeviceUpdated.class, e -> e.device().equals(id));
		assertThat(changed).isEqualTo(new DeviceUpdated(acme, id, "thermo-2-" + tag, profile, List.of(moved, "spare"),
				Map.of("floor", 4), Instant.parse(updated.json().get("updatedAt").asString())));
		assertThat(recipients(dev, "tag:" + tag)).isZero();
		assertThat(recipients(dev, "tag:" + moved)).isEqualTo(1);

		assertThat(Api.delete(path, dev).status()).isEqualTo(204);
		DeviceDecommissioned decommissioned = only(DeviceDecommissioned.class, e -> e.device().equals(id));
		assertThat(decommissioned.tenant()).isEqualTo(acme);
		assertThat(decommissioned.name()).isEqualTo("thermo-2-" + tag);
		assertThat(decommissioned.occurredAt())
			.isEqualTo(Instant.parse(Api.get(path, dev).json().get("decommissionedAt").asString()));
		assertThat(recipients(dev, "tag:" + moved)).isZero();
		assertThat(Api.get("/api/v1/recipients/device:" + id, dev).status()).isEqualTo(404);

		// Decommissioning again changes nothing and tells nobody.
		assertThat(Api.delete(path, dev).status()).isEqualTo(204);
		assertThat(events.of(DeviceDecommissioned.class, e -> e.device().equals(id))).hasSize(1);
		assertThat(events.of(DeviceRegistered.class, e -> e.device().equals(id))).hasSize(1);
	}

	@Test
	void aCsvImportPublishesOneDeviceRegisteredPerDeviceAndARefusedImportNone() {
		String dev = Keycloak.token("acme-dev");
		String run = "csv-" + suffix();
		String csv = "name,tags,metadata\n" + run + "-a," + run + ",\"{\"\"serial\"\": \"\"SN-1\"\"}\"\n" + run + "-b," + run
				+ ";spare,\n" + run + "-c,,\n";
		Answer imported = Api.postBytes("/api/v1/devices/import", dev, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		List<DeviceId> ids = imported.json().get("devices").valueStream().map(d -> DeviceId.of(d.get("id").asString())).toList();
		assertThat(ids).hasSize(3);

		List<DeviceRegistered> registered = events.of(DeviceRegistered.class, e -> ids.contains(e.device()));
		assertThat(registered).extracting(DeviceRegistered::name).containsExactly(run + "-a", run + "-b", run + "-c");
		assertThat(registered).extracting(DeviceRegistered::tags).containsExactly(List.of(run), List.of(run, "spare"), List.of());
		assertThat(registered.getFirst().metadata()).isEqualTo(Map.of("serial", "SN-1"));
		assertThat(events.recorded(DeviceRegistered.class, e -> ids.contains(e.device())))
			.as("published in the import's transaction").allMatch(Recorded::inTransaction);
		assertThat(recipients(dev, "tag:" + run)).isEqualTo(2);

		String refused = "csv-" + suffix();
		Answer bad = Api.postBytes("/api/v1/devices/import", dev, "text/csv",
				("name,tags,metadata\n" + refused + "-a," + refused + ",{}\n" + refused + "-b," + refused + ",not json\n")
					.getBytes(StandardCharsets.UTF_8));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(events.of(DeviceRegistered.class, e -> e.tags().contains(refused))).isEmpty();
		assertThat(recipients(dev, "tag:" + refused)).isZero();
	}

	@Test
	void aDeviceThatProvisionsItselfPublishesDeviceRegistered() {
		String admin = Keycloak.token("acme-admin");
		Answer profile = Api.post("/api/v1/device-profiles", admin,
				Api.json(Map.of("name", "self-ev-" + suffix(), "selfProvisioning", true)));
		assertThat(profile.status()).as(profile.body()).isEqualTo(201);
		String name = "self-" + suffix();
		Answer provisioned = DeviceApi.post("/api/v1/provision", null,
				Api.json(Map.of("provisionKey", profile.json().at("/profile/provisionKey").asString(), "provisionSecret",
						profile.json().get("provisionSecret").asString(), "name", name)));
		assertThat(provisioned.status()).as(provisioned.body()).isEqualTo(201);
		DeviceId id = DeviceId.of(provisioned.json().at("/device/id").asString());

		Recorded recorded = events.recorded(DeviceRegistered.class, e -> e.device().equals(id)).getFirst();
		assertThat(recorded.inTransaction()).isTrue();
		DeviceRegistered registered = (DeviceRegistered) recorded.event();
		assertThat(registered.name()).isEqualTo(name);
		assertThat(registered.profileId()).hasToString(profile.json().at("/profile/id").asString());
		assertThat(Api.get("/api/v1/recipients/device:" + id, admin).status()).isEqualTo(200);
	}

	/** The single event of this type that matches, published in a transaction. */
	private <T> T only(Class<T> type, java.util.function.Predicate<? super T> filter) {
		List<Recorded> recorded = events.recorded(type, filter);
		assertThat(recorded).as(type.getSimpleName()).hasSize(1);
		assertThat(recorded.getFirst().inTransaction()).as(type.getSimpleName() + " published in a transaction").isTrue();
		return type.cast(recorded.getFirst().event());
	}

	private static int recipients(String token, String target) {
		return Api.post("/api/v1/notifications/targets/preview", token, Api.json(Map.of("target", target)))
			.json()
			.get("recipients")
			.asInt();
	}
}
