package io.cirrus.telemetry.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cirrus.shared.persistence.ClusterLock;
import io.cirrus.telemetry.TelemetryProperties;

/**
 * Creates the day partitions of {@code telemetry} ahead of time and drops those past the retention, at start and
 * every hour, on one instance of the cluster at a time.
 */
@Component
class PartitionMaintenance {

	private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

	private final JdbcClient jdbc;

	private final ClusterLock lock;

	private final TelemetryProperties.Storage storage;

	private final int daysBack;

	PartitionMaintenance(JdbcClient jdbc, ClusterLock lock, TelemetryProperties properties) {
		this.jdbc = jdbc;
		this.lock = lock;
		this.storage = properties.storage();
		// The ingest window reaches this far back; one more day for time zones.
		this.daysBack = (int) properties.ingest().maxAge().toDays() + 1;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStart() {
		maintain();
	}

	@Scheduled(cron = "0 7 * * * *")
	void maintain() {
		lock.runExclusively("telemetry-partitions", () -> {
			try {
				Integer created = jdbc.sql("select telemetry_maintain_partitions(?, ?, ?)")
					.params(daysBack, storage.daysAhead(), (int) Math.max(daysBack, storage.retention().toDays()))
					.query(Integer.class)
					.single();
				if (created != null && created > 0) {
					log.info("Created {} day partitions of telemetry", created);
				}
			}
			catch (RuntimeException e) {
				log.warn("Could not maintain the telemetry partitions: {}", e.getMessage());
			}
		});
	}
}
