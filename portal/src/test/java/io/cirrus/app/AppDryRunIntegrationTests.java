package io.cirrus.app;

import static io.cirrus.app.AppFixture.APPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.TenantContext;
import io.cirrus.shared.TenantId;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.Keycloak;
import tools.jackson.databind.JsonNode;

/**
 * Dry-runs against sample events and against a device's last real readings: what matched, each condition's value,
 * the state of each block and the rendered actions, with nothing left behind in the database or the broker.
 */
@CirrusIntegrationTest
class AppDryRunIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aDryRunOnTheDevicesLastReadingsShowsEveryStepAndLeavesNothingBehind() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Freezer " + tag, tag);
		Instant start = Instant.now().minusSeconds(60);
		double[] temperatures = { 25, 31, 32.5, 29, 33, 34 };
		for (int i = 0; i < temperatures.length; i++) {
			Answer sent = DeviceApi.post("/api/v1/telemetry", device.token(), Api.json(Map.of("ts",
					start.plusSeconds(i).toString(), "values", Map.of("temperature", temperatures[i], "door", "closed"))));
			assertThat(sent.status()).as(sent.body()).isEqualTo(202);
		}
		TenantId tenant = tenant(dev);
		Await.until("six readings stored", Duration.ofSeconds(30), () -> count(tenant, "telemetry", device.id()) == 6);
		String app = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Dry"), tag)).json().get("app").asString();
		long[] before = sideEffects(tenant, device.id());

		Answer run = Api.post(APPS + "/" + app + "/versions/1/dry-run", dev,
				Api.json(Map.of("device", device.id(), "last", 5)));
		assertThat(run.status()).as(run.body()).isEqualTo(200);
		JsonNode result = run.json();
		assertThat(result.get("input").asString()).isEqualTo("the last 5 readings of device Freezer " + tag);
		assertThat(result.get("events").asInt()).isEqualTo(5);
		assertThat(result.get("selected").asInt()).isEqualTo(5);
		JsonNode trace = result.get("trace");
		// 31 (previous 25): one reading above 30; 32.5: two in a row, fires; 29: resets; 33; 34: fires again.
		assertThat(trace.get(0).get("event").get("values").get("temperature").asDouble()).isEqualTo(31);
		assertThat(trace.get(0).get("event").get("previous").get("temperature").asDouble()).isEqualTo(25);
		assertThat(trace.get(0).get("triggers").get(0).asString()).isEqualTo("readings");
		assertThat(trace.get(0).get("blocks").get(0).get("value").asBoolean()).isFalse();
		assertThat(trace.get(0).get("rules").get(0).get("condition").asBoolean()).isFalse();
		JsonNode fired = trace.get(1).get("rules").get(0);
		assertThat(trace.get(1).get("blocks").get(0).get("value").asBoolean()).isTrue();
		assertThat(trace.get(1).get("blocks").get(0).get("state").asString()).contains("2 events");
		assertThat(fired.get("fired").asBoolean()).isTrue();
		JsonNode notify = fired.get("actions").get(0);
		assertThat(notify.get("kind").asString()).isEqualTo("notify");
		assertThat(notify.get("payload").get("title").asString()).isEqualTo("Freezer " + tag + " is at 32.5 °C");
		assertThat(notify.get("payload").get("priority").asString()).isEqualTo("high");
		assertThat(notify.get("payload").get("recipients").get(0).asString()).isEqualTo("user:acme-admin");
		assertThat(trace.get(2).get("rules").get(0).get("fired").asBoolean()).isFalse();
		assertThat(trace.get(4).get("rules").get(0).get("fired").asBoolean()).isTrue();
		assertThat(result.get("fired").asInt()).isEqualTo(2);
		assertThat(result.get("actions").asInt()).isEqualTo(2);

		// Nothing happened: no notification, delivery, command, reading or webhook call, now or a moment later.
		assertThat(sideEffects(tenant, device.id())).containsExactly(before);
		try {
			Thread.sleep(1500);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		assertThat(sideEffects(tenant, device.id())).containsExactly(before);
	}

	@Test
	void aDryRunOnSampleEventsRendersEveryActionKindWithoutRunningAny() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		DeviceApi.Registered device = AppFixture.register(dev, "Cold room " + tag, tag);
		String yaml = """
				name: %s
				permissions:
				  devices: {tags: [%s]}
				  actions: [notify, webhook, command, set-device, emit]
				  webhookHosts: [hooks.example.com]
				triggers:
				  - {id: readings, kind: telemetry, keys: [temperature]}
				  - {id: offline, kind: device-status, status: offline}
				blocks:
				  - {id: avg, kind: window, key: temperature, function: avg, window: 10m}
				rules:
				  - id: warm
				    triggers: [readings]
				    condition: blocks.avg > 5.0
				    actions:
				      - {kind: emit, key: temperature_f, value: 'event.values.temperature * 1.8 + 32.0'}
				      - {kind: command, name: cool, params: {target: "{{ 4 }}"}}
				      - {kind: set-device, addTags: [warm]}
				      - kind: webhook
				        url: https://hooks.example.com/cirrus
				        body: '{"avg": {{ blocks.avg }}}'
				  - id: gone
				    triggers: [offline]
				    actions:
				      - {kind: notify, recipients: ["user:acme-admin"], title: "{{ device.name }} went offline"}
				""".formatted(AppFixture.name("Every kind"), tag);
		JsonNode created = AppFixture.create(dev, yaml).json();
		assertThat(created.get("validation").get("problems")).as(created.toString()).isEmpty();
		String app = created.get("app").asString();
		TenantId tenant = tenant(dev);
		long[] before = sideEffects(tenant, device.id());

		JsonNode result = Api.post(APPS + "/" + app + "/versions/1/dry-run", dev, Api.json(Map.of("events", List.of(
				Map.of("device", device.id(), "time", "2026-12-07T10:00:00Z", "values", Map.of("temperature", 4)),
				Map.of("device", device.id(), "time", "2026-12-07T10:01:00Z", "values", Map.of("temperature", 8)),
				Map.of("kind", "device-status", "device", device.id(), "values", Map.of("status", "offline")))))).json();
		assertThat(result.get("input").asString()).isEqualTo("3 sample events");
		JsonNode warm = result.get("trace").get(1).get("rules").get(0);
		assertThat(result.get("trace").get(1).get("blocks").get(0).get("value").asDouble()).isEqualTo(6.0);
		assertThat(warm.get("fired").asBoolean()).isTrue();
		assertThat(warm.get("actions")).extracting(a -> a.get("kind").asString())
			.containsExactly("emit", "command", "set-device", "webhook");
		assertThat(warm.get("actions").get(0).get("payload").get("value").asDouble()).isEqualTo(46.4);
		assertThat(warm.get("actions").get(1).get("payload").get("params").get("target").asLong()).isEqualTo(4);
		assertThat(warm.get("actions").get(1).get("payload").get("device").asString()).isEqualTo(device.id());
		assertThat(warm.get("actions").get(3).get("payload").get("body").asString()).isEqualTo("{\"avg\": 6}");
		JsonNode offline = result.get("trace").get(2);
		assertThat(offline.get("triggers").get(0).asString()).isEqualTo("offline");
		assertThat(offline.get("rules").get(0).get("answered").asBoolean()).isFalse();
		assertThat(offline.get("rules").get(1).get("actions").get(0).get("payload").get("title").asString())
			.isEqualTo("Cold room " + tag + " went offline");
		assertThat(sideEffects(tenant, device.id())).containsExactly(before);
		// The device kept its tags.
		assertThat(Api.get("/api/v1/devices/" + device.id(), dev).json().get("tags")).extracting(JsonNode::asString)
			.containsExactly(tag);
	}

	@Test
	void aDryRunRefusesAnInvalidVersionAndBadEventsWithProblems() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		String deviceId = AppFixture.device(dev, "d " + tag, tag);
		String name = AppFixture.name("Broken");
		String app = AppFixture.create(dev, AppFixture.freezer(name, tag).replace("blocks.hot", "blocks.hot &&"))
			.json().get("app").asString();
		Answer invalid = Api.post(APPS + "/" + app + "/versions/1/dry-run", dev,
				Api.json(Map.of("events", List.of(Map.of("device", deviceId, "values", Map.of("temperature", 1))))));
		assertThat(invalid.status()).isEqualTo(409);
		assertThat(invalid.json().get("detail").asString()).contains("1 errors");
		assertThat(invalid.json().get("problems").get(0).get("code").asString()).isEqualTo("cel-syntax");

		String valid = AppFixture.postYaml(APPS + "/" + app + "/versions", dev, AppFixture.freezer(name, tag)).json()
			.get("version").asString();
		String path = APPS + "/" + app + "/versions/" + valid + "/dry-run";
		assertField(Api.post(path, dev, "{\"events\": [{\"kind\": \"sunrise\", \"device\": \"" + deviceId + "\"}]}"), "events[0].kind");
		assertField(Api.post(path, dev, "{\"events\": [{\"values\": {\"temperature\": 1}}]}"), "events[0].device");
		String foreign = AppFixture.device(Keycloak.token("globex-dev"), "g", "g");
		assertField(Api.post(path, dev, Api.json(Map.of("device", foreign, "last", 5))), "device");
		assertField(Api.post(path, dev, Api.json(Map.of("device", deviceId, "last", 100000))), "last");
		assertField(Api.post(path, dev, "{}"), "events");
		assertThat(Api.post(path, dev, "{\"events\": 3}").status()).isEqualTo(400);
		assertThat(Api.post(path, dev, "not json").status()).isEqualTo(400);
	}

	@Test
	void aRunawayConditionIsStoppedByTheCostLimitAndReportedWhileTheOtherRulesRun() {
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		String deviceId = AppFixture.device(dev, "costly " + tag, tag);
		String yaml = """
				name: %s
				permissions: {devices: {tags: [%s]}, actions: [notify]}
				triggers: [{id: t, kind: telemetry}]
				rules:
				  - id: runaway
				    condition: >-
				      [1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b,
				      [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a + b + c + d > 0))))
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: never}]
				  - id: cheap
				    condition: event.values.temperature > 1.0
				    actions: [{kind: notify, recipients: ["user:acme-admin"], title: "{{ event.values.temperature }}"}]
				""".formatted(AppFixture.name("Costly"), tag);
		String app = AppFixture.create(dev, yaml).json().get("app").asString();
		long started = System.nanoTime();
		JsonNode result = Api.post(APPS + "/" + app + "/versions/1/dry-run", dev,
				Api.json(Map.of("events", List.of(Map.of("device", deviceId, "values", Map.of("temperature", 5)))))).json();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		JsonNode rules = result.get("trace").get(0).get("rules");
		assertThat(rules.get(0).get("fired").asBoolean()).isFalse();
		assertThat(rules.get(0).get("error").asString()).startsWith("stopped: the expression exceeded the cost limit");
		assertThat(rules.get(1).get("fired").asBoolean()).isTrue();
		assertThat(rules.get(1).get("actions").get(0).get("payload").get("title").asString()).isEqualTo("5");
	}

	private static void assertField(Answer answer, String field) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
	}

	private static TenantId tenant(String token) {
		return new TenantId(UUID.fromString(Api.get("/api/v1/me", token).json().get("tenant").get("id").asString()));
	}

	/**
	 * Everything the app's actions could have left for this device: notifications naming it (every notification is
	 * written before anything reaches the broker; the platform's own, such as "device is online", are events, not
	 * an app's doing), their deliveries and dispatches, commands, readings (derived telemetry is stored like any
	 * other), and the device's tags.
	 */
	private long[] sideEffects(TenantId tenant, String device) {
		String name = "%" + Api.get("/api/v1/devices/" + device, Keycloak.token("acme-viewer")).json().get("name").asString() + "%";
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> new long[] {
				count("select count(*) from notification where tenant_id = ? and kind <> 'event' and (title like ? or body like ?)",
						tenant, name, name),
				count("select count(*) from delivery d join notification n on n.id = d.notification_id"
						+ " where n.tenant_id = ? and n.kind <> 'event' and (n.title like ? or n.body like ?)", tenant, name, name),
				count("select count(*) from notification_dispatch d join notification n on n.id = d.notification_id"
						+ " where n.tenant_id = ? and n.kind <> 'event' and (n.title like ? or n.body like ?)", tenant, name, name),
				count("select count(*) from device_command where tenant_id = ? and device_id = ?::uuid", tenant, device),
				count("select count(*) from telemetry where tenant_id = ? and device_id = ?::uuid", tenant, device),
				count("select cardinality(tags) from device where tenant_id = ? and id = ?::uuid", tenant, device) }));
	}

	private long count(TenantId tenant, String table, String device) {
		return TenantContext.callAs(tenant, () -> transactions.execute(tx -> count(
				"select count(*) from " + table + " where tenant_id = ? and device_id = ?::uuid", tenant, device)));
	}

	private long count(String sql, TenantId tenant, Object... params) {
		var spec = jdbc.sql(sql).param(tenant.value());
		for (Object param : params) {
			spec = spec.param(param);
		}
		return spec.query(Long.class).single();
	}
}
