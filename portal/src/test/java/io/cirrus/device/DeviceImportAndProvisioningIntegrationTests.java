package io.cirrus.device;

import static io.cirrus.device.DeviceApiIntegrationTests.assertProblem;
import static io.cirrus.device.DeviceApiIntegrationTests.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** CSV import at 10,000 rows (all or nothing, or skipping bad rows) and self-provisioning. */
@CirrusIntegrationTest
class DeviceImportAndProvisioningIntegrationTests {

	private static final String IMPORT = "/api/v1/devices/import";

	@Test
	void tenThousandRowsAreImportedWithTagsProfilesAndMetadata() {
		String dev = Keycloak.token("acme-dev");
		String run = "imp" + suffix();
		String profile = "prof-" + run;
		Api.post("/api/v1/device-profiles", dev, Api.json(Map.of("name", profile)));
		StringBuilder csv = new StringBuilder("name,profile,tags,metadata\n");
		for (int i = 0; i < 10_000; i++) {
			csv.append(run).append("-").append(i).append(',').append(i % 2 == 0 ? profile : "").append(',')
				.append(run).append(";batch-").append(i % 10).append(',')
				.append("\"{\"\"serial\"\": \"\"SN-").append(i).append("\"\", \"\"floor\"\": ").append(i % 7).append("}\"\n");
		}
		long started = System.nanoTime();
		Answer answer = Api.postBytes(IMPORT, dev, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(answer.status()).as(answer.body().substring(0, Math.min(500, answer.body().length()))).isEqualTo(200);
		JsonNode result = answer.json();
		assertThat(result.get("rows").asInt()).isEqualTo(10_000);
		assertThat(result.get("imported").asInt()).isEqualTo(10_000);
		assertThat(result.get("errors").size()).isZero();
		System.out.println("Imported 10,000 devices in " + millis + " ms");

		assertThat(count(dev, "tag=" + run)).isEqualTo(10_000);
		assertThat(count(dev, "tag=batch-3&name=" + run)).isEqualTo(1_000);
		JsonNode first = result.get("devices").get(0);
		JsonNode device = Api.get("/api/v1/devices/" + first.get("id").asString(), dev).json();
		assertThat(device.get("profileName").asString()).isEqualTo(profile);
		assertThat(device.get("metadata").get("serial").asString()).isEqualTo("SN-0");
		// Each imported device's token works, once shown.
		assertThat(DeviceApi.get("/api/v1/device/me", first.get("token").asString()).status()).isEqualTo(200);
	}

	@Test
	void oneBadRowImportsNothingAndNamesRowAndField() {
		String dev = Keycloak.token("acme-dev");
		String run = "bad" + suffix();
		String csv = csv(run, 10_000, 4_321);
		Answer answer = Api.postBytes(IMPORT, dev, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
		assertProblem(answer, 400, "metadata");
		JsonNode error = answer.json().get("errors").get(0);
		assertThat(error.get("row").asInt()).isEqualTo(4_322);
		assertThat(count(dev, "tag=" + run)).isZero();
	}

	@Test
	void skipInvalidImportsTheValidRowsAndReportsTheOthers() {
		String dev = Keycloak.token("acme-dev");
		String run = "skip" + suffix();
		Answer answer = Api.postBytes(IMPORT + "?skipInvalid=true", dev, "text/csv",
				csv(run, 10_000, 17).getBytes(StandardCharsets.UTF_8));
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("imported").asInt()).isEqualTo(9_999);
		assertThat(answer.json().get("skipped").asInt()).isEqualTo(1);
		assertThat(answer.json().get("errors").get(0).get("row").asInt()).isEqualTo(18);
		assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("metadata");
		assertThat(count(dev, "tag=" + run)).isEqualTo(9_999);
	}

	@Test
	void badFilesAreRefusedNamingWhatIsWrong() {
		String dev = Keycloak.token("acme-dev");
		assertProblem(Api.postBytes(IMPORT, dev, "text/csv", new byte[0]), 400, null);
		assertProblem(Api.postBytes(IMPORT, dev, "text/csv", "name,colour\nx,red\n".getBytes()), 400, "header");
		assertProblem(Api.postBytes(IMPORT, dev, "text/csv", "profile\nx\n".getBytes()), 400, "header");
		assertProblem(Api.postBytes(IMPORT, dev, "text/csv", "name\n\"open\n".getBytes()), 400, "file");
		assertProblem(Api.postBytes(IMPORT, dev, "text/csv", "name,profile\nx,no-such-profile\n".getBytes()), 400, "profile");
		assertProblem(Api.postBytes(IMPORT, dev, "text/csv", "name,tags\nx,bad tag!\n".getBytes()), 400, "tags");
		assertProblem(Api.postBytes(IMPORT, dev, "text/csv", "name\n \n\"\"\n".getBytes()), 400, "name");
	}

	@Test
	void deviceProvisionsItselfWithTheProfilesKeyAndSecret() {
		String admin = Keycloak.token("acme-admin");
		Answer profile = Api.post("/api/v1/device-profiles", admin,
				Api.json(Map.of("name", "self-" + suffix(), "selfProvisioning", true)));
		assertThat(profile.status()).isEqualTo(201);
		String key = profile.json().get("profile").get("provisionKey").asString();
		String secret = profile.json().get("provisionSecret").asString();
		assertThat(key).startsWith("cpk_");
		assertThat(Api.get("/api/v1/device-profiles/" + profile.json().get("profile").get("id").asString(), admin).body())
			.doesNotContain(secret);

		Answer provisioned = DeviceApi.post("/api/v1/provision", null,
				Api.json(Map.of("provisionKey", key, "provisionSecret", secret, "name", "sensor-self")));
		assertThat(provisioned.status()).isEqualTo(201);
		String token = provisioned.json().get("token").asString();
		Answer me = DeviceApi.get("/api/v1/device/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("name").asString()).isEqualTo("sensor-self");
		assertThat(me.json().get("profile").asString()).isEqualTo(profile.json().get("profile").get("id").asString());
		// The device is Acme's.
		assertThat(Api.get("/api/v1/devices/" + me.json().get("device").asString(), admin).status()).isEqualTo(200);
		assertThat(Api.get("/api/v1/devices/" + me.json().get("device").asString(), Keycloak.token("globex-admin")).status())
			.isEqualTo(404);

		Answer wrongSecret = DeviceApi.post("/api/v1/provision", null,
				Api.json(Map.of("provisionKey", key, "provisionSecret", "cps_wrong", "name", "intruder")));
		assertThat(wrongSecret.status()).isEqualTo(401);
		assertThat(wrongSecret.contentType()).startsWith("application/problem+json");
		assertThat(DeviceApi.post("/api/v1/provision", null,
				Api.json(Map.of("provisionKey", "cpk_unknown", "provisionSecret", secret, "name", "intruder"))).status())
			.isEqualTo(401);
		assertProblem(DeviceApi.post("/api/v1/provision", null, Api.json(Map.of("provisionKey", key, "provisionSecret", secret))),
				400, "name");

		// Turning self-provisioning off stops the key at once.
		Api.put("/api/v1/device-profiles/" + profile.json().get("profile").get("id").asString(), admin,
				"{\"selfProvisioning\":false}");
		assertThat(DeviceApi.post("/api/v1/provision", null,
				Api.json(Map.of("provisionKey", key, "provisionSecret", secret, "name", "late"))).status()).isEqualTo(401);
	}

	private static String csv(String run, int rows, int badRow) {
		StringBuilder csv = new StringBuilder("name,tags,metadata\n");
		for (int i = 0; i < rows; i++) {
			csv.append(run).append('-').append(i).append(',').append(run).append(',')
				.append(i == badRow ? "not json" : "{}").append('\n');
		}
		return csv.toString();
	}

	private static long count(String token, String query) {
		return Api.get("/api/v1/devices?count=true&size=1&" + query, token).json().get("total").asLong();
	}
}
