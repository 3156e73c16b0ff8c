package io.cirrus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/** The dashboards API: widgets checked field by field, sharing with roles, tenant isolation, versions. */
@CirrusIntegrationTest
class DashboardApiIntegrationTests {

	static final String DASHBOARDS = "/api/v1/dashboards";

	static String name(String base) {
		return base + " " + UUID.randomUUID().toString().substring(0, 8);
	}

	static Map<String, Object> chart(String device, String... keys) {
		return Map.of("kind", "chart", "title", "Temperatures", "devices", List.of(device), "keys", List.of(keys),
				"aggregation", "max", "range", "24h", "unit", "°C");
	}

	static Map<String, Object> gauge(String device, String key) {
		return Map.of("kind", "gauge", "devices", List.of(device), "keys", List.of(key), "min", 0, "max", 50, "warn", 30,
				"bad", 40, "unit", "°C");
	}

	@Test
	void aTenantAdminBuildsADashboardFromWidgetsAndDefaultsAreFilledIn() {
		String admin = Keycloak.token("acme-admin");
		String device = DeviceApi.register(admin, name("dash")).id();
		String dashboardName = name("Cold room");
		Answer created = Api.post(DASHBOARDS, admin, Api.json(Map.of("name", dashboardName, "sharedWith", List.of("viewer"),
				"widgets", List.of(chart(device, "temperature", "humidity"), gauge(device, "temperature"),
						Map.of("kind", "alarms"), Map.of("kind", "devices", "limit", 5), Map.of("kind", "notifications")))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode body = created.json();
		String id = body.get("id").asString();
		assertThat(created.header("Location")).isEqualTo(DASHBOARDS + "/" + id);
		assertThat(body.get("version").asInt()).isEqualTo(1);
		assertThat(body.get("editable").asBoolean()).isTrue();
		assertThat(body.get("createdBy").asString()).isEqualTo("acme-admin");
		JsonNode widgets = body.get("widgets");
		assertThat(widgets).hasSize(5);
		assertThat(widgets.get(0).get("kind").asString()).isEqualTo("chart");
		assertThat(widgets.get(0).get("width").asInt()).isEqualTo(2);
		assertThat(widgets.get(0).get("keys")).extracting(JsonNode::asString).containsExactly("temperature", "humidity");
		assertThat(widgets.get(1).get("title").asString()).isEqualTo("Gauge");
		assertThat(widgets.get(1).get("width").asInt()).isEqualTo(1);
		assertThat(widgets.get(2).get("activeOnly").asBoolean()).isTrue();
		assertThat(widgets.get(2).get("limit").asInt()).isEqualTo(10);
		assertThat(widgets.get(4).get("range").asString()).isEqualTo("1h");
		assertThat(widgets.get(0).get("id").asString()).isNotEqualTo(widgets.get(1).get("id").asString());

		assertThat(Api.get(DASHBOARDS + "/" + id, admin).json().get("widgets")).isEqualTo(widgets);
		assertThat(Api.get(DASHBOARDS, admin).json()).extracting(n -> n.get("id").asString()).contains(id);

		// Saving moves the version on; a save from an old version is refused, naming the latest.
		Answer saved = Api.put(DASHBOARDS + "/" + id + "?base=1", admin, Api.json(Map.of("name", dashboardName,
				"widgets", List.of(gauge(device, "temperature")))));
		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().get("version").asInt()).isEqualTo(2);
		assertThat(saved.json().get("sharedWith")).isEmpty();
		Answer stale = Api.put(DASHBOARDS + "/" + id + "?base=1", admin, Api.json(Map.of("name", dashboardName)));
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().get("latestVersion").asInt()).isEqualTo(2);

		Answer sameName = Api.post(DASHBOARDS, admin, Api.json(Map.of("name", dashboardName.toUpperCase())));
		assertThat(sameName.status()).isEqualTo(409);
		assertThat(sameName.contentType()).startsWith("application/problem+json");

		assertThat(Api.delete(DASHBOARDS + "/" + id, admin).status()).isEqualTo(204);
		assertThat(Api.get(DASHBOARDS + "/" + id, admin).status()).isEqualTo(404);
	}

	@Test
	void everyProblemOfAWidgetIsAnsweredNamingItsField() {
		String admin = Keycloak.token("acme-admin");
		String device = DeviceApi.register(admin, name("dash")).id();
		String globexDevice = DeviceApi.register(Keycloak.token("globex-admin"), name("other")).id();
		Map<String, Object> badGauge = new java.util.HashMap<>(gauge(device, "temperature"));
		badGauge.put("min", 60);
		Answer answer = Api.post(DASHBOARDS, admin, Api.json(Map.of("name", name("Bad"), "sharedWith", List.of("everyone"),
				"widgets", List.of(chart(globexDevice, "temperature"), Map.of("kind", "pie"),
						Map.of("kind", "value", "devices", List.of(device), "keys", List.of("a", "b")),
						Map.of("kind", "chart", "devices", List.of(device), "keys", List.of("bad key!"), "range", "2h",
								"aggregation", "median"),
						badGauge, Map.of("kind", "value", "devices", List.of(device), "keys", List.of("t"), "warn", 5, "bad", 1)))));
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		List<String> errors = new ArrayList<>();
		answer.json().get("errors").forEach(e -> errors.add(e.get("field").asString() + ": " + e.get("message").asString()));
		assertThat(errors).containsExactly(
				"sharedWith[0]: must be developer or viewer (tenant admins open every dashboard)",
				"widgets[0].devices[0]: is not a device of your tenant",
				"widgets[1].kind: must be one of chart, value, gauge, alarms, devices, notifications",
				"widgets[2].keys: must name exactly one key",
				"widgets[3].keys[0]: is not a telemetry key (1 to 64 letters, digits, '.', '-' or '_')",
				"widgets[3].keys: must name at least 1 key",
				"widgets[3].aggregation: must be avg, min, max or count",
				"widgets[3].range: must be 1h, 24h or 7d",
				"widgets[4].max: must be above min (60.0)",
				"widgets[5].warn: must not be above bad (1.0)");
		assertThat(answer.json().get("detail").asString()).startsWith("Field 'sharedWith[0]' must be developer or viewer");

		Answer noName = Api.post(DASHBOARDS, admin, Api.json(Map.of("widgets", List.of())));
		assertThat(noName.status()).isEqualTo(400);
		assertThat(noName.json().get("errors").get(0).get("field").asString()).isEqualTo("name");

		Answer notJson = Api.post(DASHBOARDS, admin, "{\"name\": ");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.contentType()).startsWith("application/problem+json");
	}

	@Test
	void anotherTenantsDashboardIsNotFound() {
		String admin = Keycloak.token("acme-admin");
		String id = Api.post(DASHBOARDS, admin, Api.json(Map.of("name", name("Acme only")))).json().get("id").asString();
		String globex = Keycloak.token("globex-admin");
		assertThat(Api.get(DASHBOARDS + "/" + id, globex).status()).isEqualTo(404);
		Answer put = Api.put(DASHBOARDS + "/" + id, globex, Api.json(Map.of("name", "taken over")));
		assertThat(put.status()).isEqualTo(404);
		assertThat(put.contentType()).startsWith("application/problem+json");
		assertThat(Api.delete(DASHBOARDS + "/" + id, globex).status()).isEqualTo(404);
		assertThat(Api.get(DASHBOARDS, globex).json()).extracting(n -> n.get("id").asString()).doesNotContain(id);
		assertThat(Api.get(DASHBOARDS + "/" + id, admin).json().get("name").asString()).startsWith("Acme only");
	}

	@Test
	void viewersOpenWhatIsSharedWithThemAndChangeNothing() {
		String admin = Keycloak.token("acme-admin");
		String viewer = Keycloak.token("acme-viewer");
		String dev = Keycloak.token("acme-dev");
		String dashboardName = name("Shared");
		String id = Api.post(DASHBOARDS, admin, Api.json(Map.of("name", dashboardName))).json().get("id").asString();

		// Not shared: neither a viewer nor a developer finds it.
		assertThat(Api.get(DASHBOARDS + "/" + id, viewer).status()).isEqualTo(404);
		assertThat(Api.get(DASHBOARDS + "/" + id, dev).status()).isEqualTo(404);
		assertThat(Api.get(DASHBOARDS, viewer).json()).extracting(n -> n.get("id").asString()).doesNotContain(id);

		Api.put(DASHBOARDS + "/" + id, admin, Api.json(Map.of("name", dashboardName, "sharedWith", List.of("viewer"))));
		JsonNode opened = Api.get(DASHBOARDS + "/" + id, viewer).json();
		assertThat(opened.get("name").asString()).isEqualTo(dashboardName);
		assertThat(opened.get("editable").asBoolean()).isFalse();
		assertThat(Api.get(DASHBOARDS, viewer).json()).extracting(n -> n.get("id").asString()).contains(id);

		Answer put = Api.put(DASHBOARDS + "/" + id, viewer, Api.json(Map.of("name", "mine now")));
		assertThat(put.status()).isEqualTo(403);
		assertThat(put.contentType()).startsWith("application/problem+json");
		assertThat(Api.delete(DASHBOARDS + "/" + id, viewer).status()).isEqualTo(403);
		assertThat(Api.post(DASHBOARDS, viewer, Api.json(Map.of("name", name("Viewer's")))).status()).isEqualTo(403);
		assertThat(Api.get(DASHBOARDS + "/" + id, admin).json().get("version").asInt()).isEqualTo(2);

		// A developer's own dashboard opens for them; shared with developers, the admin's opens and is editable.
		Api.put(DASHBOARDS + "/" + id, admin, Api.json(Map.of("name", dashboardName, "sharedWith", List.of("developer"))));
		assertThat(Api.get(DASHBOARDS + "/" + id, viewer).status()).isEqualTo(404);
		JsonNode forDev = Api.get(DASHBOARDS + "/" + id, dev).json();
		assertThat(forDev.get("editable").asBoolean()).isTrue();
		String own = Api.post(DASHBOARDS, dev, Api.json(Map.of("name", name("Dev's own")))).json().get("id").asString();
		assertThat(Api.get(DASHBOARDS + "/" + own, dev).status()).isEqualTo(200);
		assertThat(Api.get(DASHBOARDS + "/" + own, admin).status()).isEqualTo(200);
	}

	@Test
	void theApiDocumentNamesEachAnswerOfTheDashboardEndpoints() {
		JsonNode paths = Api.get("/v3/api-docs", null).json().get("paths");
		assertThat(paths.get(DASHBOARDS).get("post").get("responses").propertyNames()).contains("201", "400", "403", "409");
		assertThat(paths.get(DASHBOARDS + "/{id}").get("put").get("responses").propertyNames())
			.contains("200", "400", "403", "404", "409");
		assertThat(paths.get(DASHBOARDS + "/{id}").get("get").get("responses").propertyNames()).contains("200", "404");
		assertThat(paths.get(DASHBOARDS + "/{id}").get("delete").get("responses").propertyNames()).contains("204", "403", "404");
	}
}
