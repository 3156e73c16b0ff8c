package io.cirrus.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.test.Api;
import io.cirrus.test.Api.Answer;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceTraffic;
import io.cirrus.test.Keycloak;
import io.cirrus.test.PlatformNotifications;
import io.cirrus.test.RecordedEvents;
import io.cirrus.test.RecordedEvents.Recorded;
import tools.jackson.databind.JsonNode;

/**
 * Alarm rules against real telemetry on Kafka: a value above the threshold for the rule's duration raises one
 * alarm ({@link AlarmRaised}) and tells subscribers; back to normal clears it ({@link AlarmCleared}); people
 * acknowledge it with a note ({@link AlarmAcknowledged}).
 */
@CirrusIntegrationTest
class AlarmIntegrationTests {

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	@Autowired
	DeviceTrafficTopics topics;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	RecordedEvents events;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	String acmeAdmin;

	TenantId acme;

	DeviceId device = DeviceId.random();

	DeviceTraffic traffic;

	@BeforeEach
	void acmeReportsTemperature() {
		acmeAdmin = Keycloak.token("acme-admin");
		acme = TenantId.of(Api.get("/api/v1/me", acmeAdmin).json().get("tenant").get("id").asString());
		traffic = new DeviceTraffic(kafka, topics);
		DeviceTraffic.awaitAssigned(listeners, "health-telemetry");
		// Rules accept only keys the tenant's devices report: report the key first.
		Awaitility.await("the key is known").atMost(Duration.ofSeconds(30)).until(() -> {
			traffic.reading(acme, device, Map.of("temperature", 20.0));
			Answer probe = Api.post("/api/v1/alarm-rules", acmeAdmin, rule("probe", "temperature", ">", 1000, 0));
			if (probe.status() == 201) {
				Api.delete("/api/v1/alarm-rules/" + probe.json().get("id").asString(), acmeAdmin);
			}
			return probe.status() == 201;
		});
	}

	@Test
	void aThresholdHeldForItsDurationRaisesOneAlarmAndNormalValuesClearIt() {
		String ruleName = "Hot " + UUID.randomUUID();
		String ruleId = created(rule(ruleName, "temperature", ">", 30, 2, "device:" + device));

		traffic.reading(acme, device, Map.of("temperature", 35.0));
		// Not yet: the condition must hold for two seconds.
		assertThat(activeAlarmsOf(ruleId)).isEmpty();
		Awaitility.await("alarm raised").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
			traffic.reading(acme, device, Map.of("temperature", 36.0));
			return activeAlarmsOf(ruleId).size() == 1;
		});
		JsonNode alarm = activeAlarmsOf(ruleId).getFirst();
		UUID alarmId = UUID.fromString(alarm.get("id").asString());
		assertThat(alarm.get("severity").asString()).isEqualTo("CRITICAL");
		assertThat(alarm.get("entity").asString()).isEqualTo(device.toString());
		traffic.reading(acme, device, Map.of("temperature", 37.0));
		assertThat(activeAlarmsOf(ruleId)).as("one active alarm per rule and device").hasSize(1);
		AlarmRaised raised = only(AlarmRaised.class, e -> e.alarmId().equals(alarmId));
		assertThat(raised.tenant()).isEqualTo(acme);
		assertThat(raised.ruleId()).hasToString(ruleId);
		assertThat(raised.ruleName()).isEqualTo(ruleName);
		assertThat(raised.entity()).isEqualTo(device.toString());
		assertThat(raised.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(raised.value()).isGreaterThan(30.0);
		// Subscribers are told as before, with the priority of the severity.
		PlatformNotifications.Notification told = told("alarm.raised", alarmId);
		assertThat(told.title()).isEqualTo("CRITICAL alarm: " + ruleName);
		assertThat(told.body()).isEqualTo(raised.message() + " (" + raised.entityName() + ")");
		assertThat(told.priority()).as("urgent").isEqualTo(3);
		assertThat(told.data()).containsEntry("alarmId", alarmId.toString())
			.containsEntry("entity", device.toString())
			.containsEntry("severity", "CRITICAL");

		traffic.reading(acme, device, Map.of("temperature", 21.0));
		Awaitility.await("alarm cleared").atMost(Duration.ofSeconds(20)).until(() -> activeAlarmsOf(ruleId).isEmpty());
		JsonNode history = Api.get("/api/v1/alarms/" + alarmId, acmeAdmin).json();
		assertThat(history.get("state").asString()).isEqualTo("CLEARED");
		AlarmCleared cleared = only(AlarmCleared.class, e -> e.alarmId().equals(alarmId));
		assertThat(cleared.clearedAt()).isEqualTo(java.time.Instant.parse(history.get("clearedAt").asString()));
		PlatformNotifications.Notification clearedTold = told("alarm.cleared", alarmId);
		assertThat(clearedTold.title()).isEqualTo("Cleared: " + ruleName);
		assertThat(clearedTold.body()).isEqualTo(raised.entityName() + " is back to normal.");
		assertThat(clearedTold.priority()).isEqualTo(3);
	}

	@Test
	void peopleAcknowledgeWithANoteOnceAndOtherTenantsCannot() {
		String ruleId = created(rule("Cold " + UUID.randomUUID(), "temperature", "<", 0, 0, "device:" + device));
		Awaitility.await("alarm raised").atMost(Duration.ofSeconds(20)).until(() -> {
			traffic.reading(acme, device, Map.of("temperature", -5.0));
			return activeAlarmsOf(ruleId).size() == 1;
		});
		String alarmId = activeAlarmsOf(ruleId).getFirst().get("id").asString();
		String path = "/api/v1/alarms/" + alarmId + "/acknowledge";

		assertThat(Api.post(path, Keycloak.token("acme-viewer"), "{}").status()).isEqualTo(403);
		assertThat(Api.post(path, Keycloak.token("globex-admin"), "{}").status()).isEqualTo(404);
		assertThat(Api.get("/api/v1/alarms/" + alarmId, Keycloak.token("globex-viewer")).status()).isEqualTo(404);

		Answer acknowledged = Api.post(path, Keycloak.token("acme-dev"), "{\"note\":\"replacing the heater\"}");
		assertThat(acknowledged.status()).isEqualTo(200);
		assertThat(acknowledged.json().get("acknowledgedBy").asString()).isEqualTo("acme-dev");
		assertThat(acknowledged.json().get("acknowledgementNote").asString()).isEqualTo("replacing the heater");
		assertThat(Api.post(path, acmeAdmin, "{}").status()).isEqualTo(409);
		assertThat(Api.post(path, acmeAdmin, "{\"note\":\"" + "x".repeat(501) + "\"}").status()).isIn(400, 409);

		AlarmAcknowledged event = only(AlarmAcknowledged.class, e -> e.alarmId().toString().equals(alarmId));
		assertThat(event.tenant()).isEqualTo(acme);
		assertThat(event.acknowledgedBy()).isEqualTo("acme-dev");
		assertThat(event.note()).isEqualTo("replacing the heater");
		assertThat(event.acknowledgedAt())
			.isEqualTo(java.time.Instant.parse(acknowledged.json().get("acknowledgedAt").asString()));
	}

	/** The one event of this type that matches (waiting for it), published in the transaction that made it. */
	private <T> T only(Class<T> type, java.util.function.Predicate<? super T> filter) {
		Awaitility.await(type.getSimpleName()).atMost(Duration.ofSeconds(10))
			.until(() -> !events.recorded(type, filter).isEmpty());
		List<Recorded> recorded = events.recorded(type, filter);
		assertThat(recorded).as(type.getSimpleName()).hasSize(1);
		assertThat(recorded.getFirst().inTransaction()).as(type.getSimpleName() + " published in a transaction").isTrue();
		return type.cast(recorded.getFirst().event());
	}

	/** The one notification subscribers get of the alarm's event of this type. */
	private PlatformNotifications.Notification told(String eventType, UUID alarmId) {
		PlatformNotifications notifications = new PlatformNotifications(jdbc, transactions);
		return Await.value(eventType + " notification", Duration.ofSeconds(10),
				() -> notifications.of(acme, eventType).stream().filter(n -> ("/alarms/" + alarmId).equals(n.link())).toList(),
				n -> n.size() == 1).getFirst();
	}

	private List<JsonNode> activeAlarmsOf(String ruleId) {
		JsonNode alarms = Api.get("/api/v1/alarms?state=ACTIVE", acmeAdmin).json();
		return alarms.valueStream().filter(a -> ruleId.equals(a.path("ruleId").asString())).toList();
	}

	private String created(String json) {
		Answer answer = Api.post("/api/v1/alarm-rules", acmeAdmin, json);
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return answer.json().get("id").asString();
	}

	static String rule(String name, String metric, String operator, double threshold, int seconds) {
		return rule(name, metric, operator, threshold, seconds, "all");
	}

	static String rule(String name, String metric, String operator, double threshold, int seconds, String selector) {
		return Api.json(Map.of("name", name, "source", "TELEMETRY", "metric", metric, "operator", operator, "threshold",
				threshold, "durationSeconds", seconds, "severity", "CRITICAL", "selector", selector));
	}
}
