package io.cirrus.telemetry.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cirrus.device.DeviceSightings;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.TelemetryProperties;
import io.cirrus.device.Sighting;
import io.cirrus.telemetry.DeviceTrafficTopics;
import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;

/**
 * The {@code storage} consumer group: reads the telemetry topic in batches and stores each batch in one transaction
 * together with its Kafka positions. On every partition assignment it seeks to the positions stored in PostgreSQL,
 * so records already stored are never stored again and none is skipped, whatever Kafka's committed offsets say
 * (they are committed too, after the database, for lag monitoring).
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

	StorageListener(ReadingWriter writer, DeviceSightings sightings, DeviceTrafficTopics topics,
			TelemetryProperties properties) {
		this.writer = writer;
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
		if (records.isEmpty()) {
			return;
		}
		List<TelemetryRecord> readings = new ArrayList<>(records.size());
		Map<Integer, ReadingWriter.Position> positions = new HashMap<>();
		String topic = records.getFirst().topic();
		for (ConsumerRecord<String, byte[]> record : records) {
			positions.merge(record.partition(), new ReadingWriter.Position(record.partition(), record.offset() + 1),
					(a, b) -> b.nextOffset() > a.nextOffset() ? b : a);
			try {
				readings.add(TelemetryRecordJson.read(record.value()));
			}
			catch (RuntimeException e) {
				// Ingest writes only valid records; anything else on the topic is skipped, never blocks storage.
				log.warn("Skipping an unreadable telemetry record at {}-{}@{}: {}", record.topic(), record.partition(),
						record.offset(), e.getMessage());
			}
		}
		writer.store(group, topic, readings, positions.values());
		seen(readings);
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
			Long next = stored.get(partition.partition());
			if (next != null) {
				callback.seek(partition.topic(), partition.partition(), next);
			}
		}
	}
}
