package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.TenantContext;
import io.cirrus.telemetry.TelemetryFixture.Device;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.MqttDevice;
import io.cirrus.test.TestTenant;

/**
 * Telemetry over MQTT: devices publish to Cirrus's MQTT endpoint, which acknowledges a publication once Kafka has it;
 * every reading is stored exactly once; what ingest refuses is acknowledged, dropped and counted for the device.
 */
@CirrusIntegrationTest
class MqttIngestIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Test
	void everyReadingPublishedWithQos1IsStoredExactlyOnce() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant tenant = TestTenant.create(jdbc);
		List<Device> devices = List.of(fixture.device(tenant), fixture.device(tenant));
		int perDevice = 1500;
		for (Device device : devices) {
			try (MqttDevice mqtt = MqttDevice.connect(device.id().toString(), device.token())) {
				for (int i = 0; i < perDevice; i++) {
					// single readings and, every tenth message, a batch of two
					if (i % 10 == 9 && i + 1 < perDevice) {
						mqtt.publish(topic(device, "telemetry"),
								"[{\"values\":{\"seq\":" + i + ",\"temperature\":21.5}},{\"values\":{\"seq\":" + (i + 1) + "}}]");
						i++;
					}
					else {
						mqtt.publish(topic(device, "telemetry"), "{\"values\":{\"seq\":" + i + ",\"temperature\":21.5}}");
					}
				}
				mqtt.publish(topic(device, "heartbeat"), "");
			}
		}
		int sent = perDevice * devices.size();
		Await.until("every MQTT reading stored", Duration.ofSeconds(90), () -> total(fixture, devices) >= sent);
		Thread.sleep(2000); // a duplicate would arrive by now
		assertThat(total(fixture, devices)).isEqualTo(sent);
		assertThat(devices.stream().mapToLong(d -> fixture.distinct(d, "seq")).sum()).isEqualTo(sent);
	}

	@Test
	void refusedMqttMessagesAreDroppedAndCountedForTheDevice() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant tenant = TestTenant.create(jdbc);
		Device device = fixture.device(tenant);
		try (MqttDevice mqtt = MqttDevice.connect(device.id().toString(), device.token())) {
			mqtt.publish(topic(device, "telemetry"), "{\"values\":{\"bad key!\":1}}");
			mqtt.publish(topic(device, "telemetry"), "not json");
			// Over the 64 KiB limit: refused by ingest, and the connection stays.
			mqtt.publish(topic(device, "telemetry"), "{\"values\":{\"text\":\"" + "x".repeat(100 * 1024) + "\"}}");
			mqtt.publish(topic(device, "telemetry"), "{\"values\":{\"seq\":1}}");
			assertThat(mqtt.connected()).isTrue();
		}
		Await.until("the valid reading stored", Duration.ofSeconds(30), () -> fixture.rows(device, "seq") == 1);
		Await.until("three MQTT rejections counted", Duration.ofSeconds(30), () -> rejected(tenant, device) == 3);
		assertThat(fixture.rows(device)).isEqualTo(1);
	}

	@Test
	void qos0AndQos2PublicationsAreStoredToo() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant tenant = TestTenant.create(jdbc);
		Device device = fixture.device(tenant);
		try (MqttDevice mqtt = MqttDevice.connect(device.id().toString(), device.token())) {
			for (int i = 0; i < 50; i++) {
				mqtt.publish(topic(device, "telemetry"), "{\"values\":{\"seq\":" + i + "}}", 2);
			}
			mqtt.publish(topic(device, "telemetry"), "{\"values\":{\"seq\":50}}", 0);
		}
		Await.until("every reading stored", Duration.ofSeconds(30), () -> fixture.rows(device, "seq") >= 51);
		Thread.sleep(1000); // a duplicate would arrive by now
		assertThat(fixture.rows(device, "seq")).isEqualTo(51);
	}

	private long rejected(TestTenant tenant, Device device) {
		return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select coalesce(sum(rejected), 0) from telemetry_rejection where tenant_id = ? and device_id = ? and source = 'MQTT'")
			.params(tenant.id().value(), device.id().value())
			.query(Long.class)
			.single()));
	}

	private static long total(TelemetryFixture fixture, List<Device> devices) {
		return devices.stream().mapToLong(d -> fixture.rows(d, "seq")).sum();
	}

	private static String topic(Device device, String kind) {
		return "devices/" + device.id() + "/" + kind;
	}
}
