package io.cirrus.telemetry.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.cirrus.device.DeviceSightings;
import io.cirrus.device.Sighting;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;

/**
 * The {@code storage} consumer group: reads the telemetry topic in batches and stores each batch in one transaction
 * together with its Kafka positions. On every partition assignment it seeks to the positions stored in PostgreSQL,
 * so records already stored are never stored again and none is skipped, whatever Kafka's committed offsets say
 * (they are committed too, after the database, for lag monitoring).
 * <p>
 * A record it cannot store is parked: when PostgreSQL refuses a batch for its data, the batch is stored one record
 * at a time and each refused record goes to {@code telemetry_parked} with its position, instead of holding up
 * storage for every tenant behind it by failing forever.
 */
@Component
class StorageListener implements ConsumerSeekAware {

	static final String ID = "telemetry-storage";

	private static final Logger log = LoggerFactory.getLogger(StorageListener.class);


	private final ReadingWriter writer;

	private final DeviceSightings sightings;

	private final String group;

	/** Devices whose sighting was reported within the interval, by tenant and device. */
	private final Cache<SightingKey, Boolean> recentlyReported;

	private record SightingKey(TenantId tenant, DeviceId device) {
	}

	/** The next unstored offset of each partition assigned here, as far as this consumer stored them. */
	private final Map<Integer, Long> next = new ConcurrentHashMap<>();

	private final Counter parkedCount;

	StorageListener(ReadingWriter writer, DeviceSightings sightings, DeviceTrafficTopics topics,
			TelemetryProperties properties, MeterRegistry meters) {
		this.writer = writer;
		this.parkedCount = Counter.builder("cirrus.telemetry.parked")
			.description("Telemetry records storage could not store, parked in telemetry_parked")
			.register(meters);
		this.sightings = sightings;
		this.recentlyReported = Caffeine.newBuilder()
			.expireAfterWrite(properties.storage().sightingInterval())
			.maximumSize(2_000_000)
			.build();
		this.group = topics.group("storage");
	}

	@KafkaListener(id = ID, topics = "#{@deviceTrafficTopics.telemetry()}",
			groupId = "#{@deviceTrafficTopics.group('storage')}", containerFactory = "telemetryStorageListenerFactory")
	void onRecords(List<ConsumerRecord<String, byte[]>> records) throws SQLException {
		List<ConsumerRecord<String, byte[]>> unstored = unstored(records);
		if (unstored.isEmpty()) {
			return;
		}
		String topic = unstored.getFirst().topic();
		List<TelemetryRecord> readings = new ArrayList<>(unstored.size());
		List<ReadingWriter.Parked> parked = new ArrayList<>();
		Map<Integer, ReadingWriter.Position> positions = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : unstored) {
			positions.merge(record.partition(), new ReadingWriter.Position(record.partition(), record.offset() + 1),
					(a, b) -> b.nextOffset() > a.nextOffset() ? b : a);
			readings.addAll(readable(record, parked));
		}
		try {
			writer.store(group, topic, readings, parked, positions.values());
		}
		catch (SQLException | RuntimeException e) {
			if (!ReadingWriter.refusedAsData(e)) {
				throw e; // the container retries the batch (a lost connection, a deadlock, PostgreSQL down)
			}
			log.warn("PostgreSQL refused a batch of {} telemetry records as data ({}): storing them one at a time to "
					+ "park the ones it refuses", unstored.size(), e.getMessage());
			readings = oneByOne(topic, unstored); // parks and reports on its own
			positions.clear();
			parked.clear();
		}
		positions.values().forEach(this::stored);
		reportParked(parked);
		seen(readings);
	}

	/**
	 * The records after the positions this consumer stored: a batch retried after part of it was stored one at a
	 * time comes back whole.
	 */
	private List<ConsumerRecord<String, byte[]>> unstored(List<ConsumerRecord<String, byte[]>> records) {
		if (next.isEmpty()) {
			return records;
		}
		List<ConsumerRecord<String, byte[]>> unstored = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			Long stored = next.get(record.partition());
			if (stored == null || record.offset() >= stored) {
				unstored.add(record);
			}
		}
		return unstored;
	}

	/** The readings of a Kafka record (one, or a message's batch); none when it is not readable, then it is parked. */
	private List<TelemetryRecord> readable(ConsumerRecord<String, byte[]> record, List<ReadingWriter.Parked> parked) {
		try {
			return TelemetryRecordJson.readAll(record.value());
		}
		catch (RuntimeException e) {
			// Ingest writes only valid records; anything else is parked, never blocks storage.
			parked.add(new ReadingWriter.Parked(record.partition(), record.offset(), record.key(),
					record.value() == null ? new byte[0] : record.value(), "not a telemetry record: " + e.getMessage()));
			return List.of();
		}
	}

	/**
	 * Stores each Kafka record (a message: all its readings or none) in a transaction of its own, parking those
	 * PostgreSQL refuses; answers the readings stored.
	 */
	private List<TelemetryRecord> oneByOne(String topic, List<ConsumerRecord<String, byte[]>> records)
			throws SQLException {
		List<TelemetryRecord> stored = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			ReadingWriter.Position position = new ReadingWriter.Position(record.partition(), record.offset() + 1);
			List<ReadingWriter.Parked> parked = new ArrayList<>(1);
			List<TelemetryRecord> readings = readable(record, parked);
			if (parked.isEmpty()) {
				try {
					writer.store(group, topic, readings, List.of(), List.of(position));
					stored.addAll(readings);
					stored(position);
					continue;
				}
				catch (SQLException | RuntimeException e) {
					if (!ReadingWriter.refusedAsData(e)) {
						throw e;
					}
					parked.add(new ReadingWriter.Parked(record.partition(), record.offset(), record.key(),
							record.value(), "refused by PostgreSQL: " + e.getMessage()));
				}
			}
			writer.store(group, topic, List.of(), parked, List.of(position));
			stored(position);
			reportParked(parked);
		}
		return stored;
	}

	private void stored(ReadingWriter.Position position) {
		next.merge(position.partition(), position.nextOffset(), Math::max);
	}

	private void reportParked(List<ReadingWriter.Parked> records) {
		for (ReadingWriter.Parked record : records) {
			parkedCount.increment();
			log.error("Parked telemetry record {}@{} (key {}) in telemetry_parked: {}", record.partition(),
					record.offset(), record.key(), record.reason());
		}
	}

	/**
	 * Devices were heard from (readings and heartbeats): after the commit, never undoing it, and at most once per
	 * device and sighting interval (last-seen lags by up to that interval; inactivity timeouts are minutes).
	 */
	private void seen(List<TelemetryRecord> records) {
		Map<SightingKey, Sighting> latest = new HashMap<>();
		for (TelemetryRecord record : records) {
			SightingKey key = new SightingKey(record.tenant(), record.device());
			if (recentlyReported.getIfPresent(key) != null) {
				continue;
			}
			Instant at = record.receivedAt() != null ? record.receivedAt() : record.ts();
			latest.merge(key, new Sighting(record.tenant(), record.device(), at), (a, b) -> b.at().isAfter(a.at()) ? b : a);
		}
		if (latest.isEmpty()) {
			return;
		}
		latest.keySet().forEach(key -> recentlyReported.put(key, Boolean.TRUE));
		List<Sighting> seen = new ArrayList<>(latest.values());
		try {
			sightings.seen(seen);
		}
		catch (RuntimeException e) {
			latest.keySet().forEach(recentlyReported::invalidate);
			log.warn("Could not record that {} devices were seen: {}", seen.size(), e.getMessage());
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		if (assignments.isEmpty()) {
			return;
		}
		String topic = assignments.keySet().iterator().next().topic();
		Map<Integer, Long> stored;
		try {
			stored = writer.positions(group, topic);
		}
		catch (SQLException e) {
			// Without the stored positions we cannot tell what is stored: fail the assignment, the container retries.
			throw new IllegalStateException("Could not read the storage positions: " + e.getMessage(), e);
		}
		for (TopicPartition partition : assignments.keySet()) {
			Long position = stored.get(partition.partition());
			if (position != null) {
				next.put(partition.partition(), position);
				callback.seek(partition.topic(), partition.partition(), position);
			}
			else {
				next.remove(partition.partition());
			}
		}
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		partitions.forEach(partition -> next.remove(partition.partition()));
	}
}
