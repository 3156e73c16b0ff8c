package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** Small helpers for notification API tests. */
final class NotificationFixture {

	static final String NOTIFICATIONS = "/api/v1/notifications";

	private NotificationFixture() {
	}

	static String token(String user) {
		return Keycloak.token(user);
	}

	static JsonNode send(String token, Object body) {
		Api.Answer answer = Api.post(NOTIFICATIONS, token, Api.json(body));
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		return answer.json();
	}

	static JsonNode awaitDone(String token, String id, Duration timeout) {
		return Await.value("notification " + id + " finished", timeout,
				() -> Api.get(NOTIFICATIONS + "/" + id, token).json(),
				n -> n.at("/notification/queued").asInt() == 0 && n.at("/notification/state").asString().equals("dispatched")
						&& n.at("/notification/total").asInt() > 0);
	}

	static void assertProblem(Api.Answer answer, int status, String detailContains) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().get("detail").asString()).contains(detailContains);
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static Map<String, Object> inboxTo(String title, String... recipients) {
		return Map.of("recipients", java.util.List.of(recipients), "channels", java.util.List.of("inbox"), "title", title,
				"body", "Body of " + title);
	}
}
