package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

import io.cirrus.device.DeviceRegistry;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryFixture.Device;
import io.cirrus.test.Api;
import io.cirrus.test.Await;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import io.cirrus.test.TestTenant;
import tools.jackson.databind.json.JsonMapper;

/**
 * Storage stores each accepted reading exactly once, also when its consumer stops in the middle of a stream and
 * Kafka forgets the offsets it had committed (a crash between the database commit and the offset commit), and parks
 * what it cannot store instead of stopping at it.
 */
@CirrusIntegrationTest
class TelemetryStorageIntegrationTests {

	static final String STORAGE = "telemetry-storage";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeviceRegistry registry;

	@Autowired
	TelemetryIngest ingest;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	KafkaAdmin kafkaAdmin;

	@Autowired
	DeviceTrafficTopics topics;

	@Autowired
	KafkaTemplate<Object, Object> kafka;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aConsumerRestartMidStreamWithLostKafkaOffsetsStillStoresEveryReadingOnce() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant tenant = TestTenant.create(jdbc);
		List<Device> devices = List.of(fixture.device(tenant), fixture.device(tenant), fixture.device(tenant));
		int batches = 300;
		int perBatch = 50;
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
			for (int b = 0; b < batches; b++) {
				Device device = devices.get(b % devices.size());
				StringBuilder json = new StringBuilder("[");
				for (int i = 0; i < perBatch; i++) {
					json.append(i == 0 ? "" : ",").append("{\"values\": {\"seq\": ").append(b * perBatch + i).append("}}");
				}
				ingest.accept(tenant.id(), device.id(), IngestSource.HTTP, json.append("]").toString().getBytes(StandardCharsets.UTF_8))
					.join();
			}
		});
		Await.until("storage under way", Duration.ofSeconds(60), () -> total(fixture, devices) > 1000);

		MessageListenerContainer storage = listeners.getListenerContainer(STORAGE);
		// Stopped on purpose, as an operator would: out of the recovery loop's care (it restarts stopped consumers
		// that start automatically), or it would rejoin the group before the offsets could be rewound.
		storage.setAutoStartup(false);
		try {
			storage.stop();
			rewindCommittedOffsetsToTheStart();
			Thread.sleep(500);
			storage.start();
		}
		finally {
			storage.setAutoStartup(true);
		}

		sending.get(120, TimeUnit.SECONDS);
		int sent = batches * perBatch;
		Await.until("all readings stored", Duration.ofSeconds(90), () -> total(fixture, devices) >= sent);
		Thread.sleep(2000); // a duplicate would arrive by now
		assertThat(total(fixture, devices)).isEqualTo(sent);
		long distinct = devices.stream().mapToLong(d -> fixture.distinct(d, "seq")).sum();
		assertThat(distinct).isEqualTo(sent);
	}

	@Test
	void recordsStorageCannotStoreAreParkedAndStorageGoesOnWithTheOthers() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant tenant = TestTenant.create(jdbc);
		Device device = fixture.device(tenant);
		String key = tenant.id() + ":" + device.id();
		TenantId gone = TenantId.random(); // a tenant deleted while its readings were on the topic
		DeviceId ghost = DeviceId.random();
		String nul = json(tenant.id(), device.id(), Map.of("seq", 2, "note", "a\0b"));

		send(key, json(tenant.id(), device.id(), Map.of("seq", 1)));
		send(key, "{not a reading");
		send(key, nul); // written before ingest refused U+0000: PostgreSQL cannot hold it
		send(gone + ":" + ghost, json(gone, ghost, Map.of("seq", 3)));
		send(key, json(tenant.id(), device.id(), Map.of("seq", 4)));

		Await.until("the readings around them stored and three parked", Duration.ofSeconds(60),
				() -> fixture.rows(device, "seq") == 2 && parked(tenant.id()).size() == 2 && parked(gone).size() == 1);
		assertThat(parked(tenant.id())).extracting(row -> row.get("reason").toString())
			.anySatisfy(reason -> assertThat(reason).startsWith("not a telemetry record"))
			.anySatisfy(reason -> assertThat(reason).startsWith("refused by PostgreSQL"));
		assertThat(parked(tenant.id())).extracting(row -> (byte[]) row.get("payload"))
			.anySatisfy(payload -> assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(nul));
		assertThat(parked(gone).getFirst().get("device_id")).isEqualTo(ghost.value());
		assertThat(parked(gone).getFirst().get("reason").toString()).contains("foreign key");

		send(key, json(tenant.id(), device.id(), Map.of("seq", 5)));
		Await.until("storage goes on", Duration.ofSeconds(30), () -> fixture.rows(device, "seq") == 3);
		Thread.sleep(1000); // a duplicate would arrive by now
		assertThat(fixture.rows(device, "seq")).isEqualTo(3);
		assertThat(fixture.distinct(device, "seq")).as("seq 1, 4 and 5, once each").isEqualTo(3);
		assertThat(parked(tenant.id())).hasSize(2);
		assertThat(Api.get("/api/v1/health/recommendations", Keycloak.token("platform-admin")).body())
			.as("operators are told").contains("were parked");
	}

	private void send(String key, String value) throws Exception {
		kafka.send(topics.telemetry(), key, value).get(10, TimeUnit.SECONDS);
	}

	private static String json(TenantId tenant, DeviceId device, Map<String, Object> values) {
		return JSON.writeValueAsString(new TelemetryRecord(tenant, device, TelemetryRecord.Kind.TELEMETRY,
				Instant.now(), Instant.now(), values));
	}

	private List<Map<String, Object>> parked(TenantId tenant) {
		return jdbc.sql("select * from telemetry_parked where tenant_id = ? order by \"offset\"")
			.param(tenant.value())
			.query()
			.listOfRows();
	}

	private long total(TelemetryFixture fixture, List<Device> devices) {
		return devices.stream().mapToLong(d -> fixture.rows(d, "seq")).sum();
	}

	/** What Kafka would believe after losing the storage group's last commits: start of the log. */
	private void rewindCommittedOffsetsToTheStart() {
		try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
			Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
			int partitions = admin.describeTopics(List.of(topics.telemetry()))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(topics.telemetry())
				.partitions()
				.size();
			for (int p = 0; p < partitions; p++) {
				start.put(new TopicPartition(topics.telemetry(), p), new OffsetAndMetadata(0));
			}
			// The group must be empty: the stopped consumers leave it within a moment.
			Await.until("offsets rewound", Duration.ofSeconds(30), () -> {
				try {
					admin.alterConsumerGroupOffsets(topics.group("storage"), start).all().get(10, TimeUnit.SECONDS);
					return true;
				}
				catch (Exception e) {
					return false;
				}
			});
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
