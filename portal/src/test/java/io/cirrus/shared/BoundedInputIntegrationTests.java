package io.cirrus.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;

/**
 * Every body the API reads is bounded (1 MiB, the device CSV import 20 MiB), declared or chunked, and answered
 * 413 as a problem document; JSON is read under deliberate limits and its errors are told in words.
 */
@CirrusIntegrationTest
class BoundedInputIntegrationTests {

	private static final String NOTIFICATIONS = "/api/v1/notifications";

	@Test
	void aBodyOverTheCapIsAnswered413DeclaredOrChunked() {
		String dev = Keycloak.token("acme-dev");
		byte[] big = ("{\"title\": \"" + "x".repeat(1100 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
		for (Answer answer : new Answer[] { Api.postBytes(NOTIFICATIONS, dev, "application/json", big),
				Api.postChunked(NOTIFICATIONS, dev, "application/json", big),
				Api.postChunked("/api/v1/apps", dev, "application/yaml", big) }) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(413);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(answer.json().get("detail").asString()).contains("larger than 1024 KiB");
			assertThat(answer.json().get("limitBytes").asLong()).isEqualTo(1024 * 1024);
		}
	}

	@Test
	void theDeviceImportMayBeLargerThanOtherBodies() {
		String dev = Keycloak.token("acme-dev");
		StringBuilder csv = new StringBuilder("name,profile,tags,metadata\n");
		while (csv.length() < 1100 * 1024) {
			csv.append("\"").append("y".repeat(300)).append("\",nope,,\n");
		}
		Answer answer = Api.postBytes("/api/v1/devices/import", dev, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
		// Read whole and checked row by row (refused here for its rows), not cut off by the cap of other bodies.
		assertThat(answer.status()).as(answer.body()).isNotEqualTo(413).isLessThan(500);
	}

	@Test
	void jsonErrorsSayWhatIsWrongAndWhereWithoutParserInternals() {
		String dev = Keycloak.token("acme-dev");
		// Sample values of a dry-run are any JSON, read as deep as they go.
		Answer deep = Api.post("/api/v1/apps/" + java.util.UUID.randomUUID() + "/versions/1/dry-run", dev,
				"{\"events\": [{\"values\": {\"a\": " + "[".repeat(200) + "]".repeat(200) + "}}]}");
		assertThat(deep.status()).as(deep.body()).isEqualTo(400);
		assertThat(deep.json().get("detail").asString()).contains("more than 64 levels deep")
			.doesNotContain("StreamReadConstraints").doesNotContain("`");
		Answer nan = Api.post(NOTIFICATIONS, dev, "{\"title\": NaN}");
		assertThat(nan.status()).isEqualTo(400);
		assertThat(nan.json().get("detail").asString()).contains("NaN or Infinity").doesNotContain("JsonReadFeature");
		Answer longNumber = Api.post(NOTIFICATIONS, dev, "{\"priority\": " + "9".repeat(150) + "}");
		assertThat(longNumber.status()).isEqualTo(400);
		assertThat(longNumber.json().get("detail").asString()).contains("more than 100 digits");
		Answer broken = Api.post(NOTIFICATIONS, dev, "{\"title\": \"x\",, }");
		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.json().get("detail").asString()).startsWith("The request body is not valid JSON: ")
			.contains("(line 1, column").doesNotContain("Source");
		Answer shape = Api.post(NOTIFICATIONS, dev, "[1, 2]");
		assertThat(shape.status()).isEqualTo(400);
		assertThat(shape.json().get("detail").asString()).contains("another shape").doesNotContain("`");
	}
}
