package io.cirrus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import io.cirrus.shared.TenantContext;
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

	private static final Instant RECEIVED = Instant.now();

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
		send(key, new String(TelemetryRecordJson.write(List.of(reading(tenant.id(), device.id(), Map.of("seq", 6)),
				reading(tenant.id(), device.id(), Map.of("seq", 7, "note", "b\0")))), StandardCharsets.UTF_8));
		send(gone + ":" + ghost, json(gone, ghost, Map.of("seq", 3)));
		send(key, json(tenant.id(), device.id(), Map.of("seq", 4)));

		Await.until("the readings around them stored and four parked", Duration.ofSeconds(60),
				() -> fixture.rows(device, "seq") == 2 && parked(tenant.id()).size() == 3 && parked(gone).size() == 1);
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
		assertThat(fixture.distinct(device, "seq")).as("seq 1, 4 and 5, once each; none of the parked batch")
			.isEqualTo(3);
		assertThat(parked(tenant.id())).hasSize(3);
		assertThat(Api.get("/api/v1/health/recommendations", Keycloak.token("platform-admin")).body())
			.as("operators are told").contains("were parked");
	}

	@Test
	void aBatchIsOneRecordOnTheTopicStoredWithEveryReadingsTime() throws Exception {
		TelemetryFixture fixture = new TelemetryFixture(jdbc, transactions, registry);
		TestTenant tenant = TestTenant.create(jdbc);
		Device device = fixture.device(tenant);
		Instant first = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 20; i++) {
			batch.append(i == 0 ? "" : ",")
				.append("{\"ts\": ").append(first.plusSeconds(i).toEpochMilli())
				.append(", \"values\": {\"seq\": ").append(i).append("}}");
		}
		try (KafkaConsumer<String, byte[]> topic = new KafkaConsumer<>(kafkaAdmin.getConfigurationProperties(),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = topic.partitionsFor(topics.telemetry())
				.stream()
				.map(info -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			Map<TopicPartition, Long> before = topic.endOffsets(partitions);

			IngestResult accepted = ingest.accept(tenant.id(), device.id(), IngestSource.HTTP,
					batch.append("]").toString().getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
			assertThat(accepted.readings()).isEqualTo(20);

			Map<TopicPartition, Long> after = topic.endOffsets(partitions);
			topic.assign(partitions);
			before.forEach(topic::seek);
			List<ConsumerRecord<String, byte[]>> ofDevice = new ArrayList<>();
			Await.until("the new records read", Duration.ofSeconds(30), () -> {
				topic.poll(Duration.ofMillis(200)).forEach(record -> {
					if (record.key().equals(tenant.id() + ":" + device.id())) {
						ofDevice.add(record);
					}
				});
				return partitions.stream().allMatch(p -> topic.position(p) >= after.get(p));
			});
			assertThat(ofDevice).as("one Kafka record for the batch: Kafka takes it whole or not at all").hasSize(1);
			assertThat(TelemetryRecordJson.readAll(ofDevice.getFirst().value()))
				.extracting(TelemetryRecord::ts)
				.containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(first::plusSeconds).toList());
		}
		Await.until("the batch stored", Duration.ofSeconds(30), () -> fixture.rows(device, "seq") == 20);
		assertThat(fixture.distinct(device, "seq")).isEqualTo(20);
		Long atTheirTimes = TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> jdbc
			.sql("select count(*) from telemetry where tenant_id = ? and device_id = ? and ts = cast(? as timestamptz) + ((vals ->> 'seq')::float8 * interval '1 second')")
			.params(tenant.id().value(), device.id().value(), Timestamp.from(first))
			.query(Long.class)
			.single()));
		assertThat(atTheirTimes).as("each reading at its own ts").isEqualTo(20);
	}

	private void send(String key, String value) throws Exception {
		kafka.send(topics.telemetry(), key, value).get(10, TimeUnit.SECONDS);
	}

	private static String json(TenantId tenant, DeviceId device, Map<String, Object> values) {
		return JSON.writeValueAsString(reading(tenant, device, values));
	}

	private static TelemetryRecord reading(TenantId tenant, DeviceId device, Map<String, Object> values) {
		return new TelemetryRecord(tenant, device, TelemetryRecord.Kind.TELEMETRY, Instant.now(), RECEIVED, values);
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
