package io.cirrus.health.internal;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.cirrus.telemetry.TelemetryRecord;
import io.cirrus.telemetry.TelemetryRecordJson;

/**
 * The health module's own consumer group on the telemetry topic: counts traffic per tenant, tracks each device's
 * reporting, and evaluates telemetry alarm rules. A record it cannot read is counted and skipped (storage decides
 * what to do with it; health never blocks on it).
 */
@Component
class TelemetryHealthListener {

	static final String ID = "health-telemetry";

	private static final Logger log = LoggerFactory.getLogger(TelemetryHealthListener.class);


	private final TelemetryActivity activity;

	private final TelemetryRules rules;

	private final TelemetryKeys keys;

	private final ReportingTracker reporting;

	TelemetryHealthListener(TelemetryActivity activity, TelemetryRules rules, TelemetryKeys keys,
			ReportingTracker reporting) {
		this.reporting = reporting;
		this.activity = activity;
		this.rules = rules;
		this.keys = keys;
	}

	@KafkaListener(id = ID, topics = "#{@deviceTrafficTopics.telemetry()}",
			groupId = "#{@deviceTrafficTopics.group('health')}", containerFactory = "healthListenerFactory")
	void onRecords(List<ConsumerRecord<String, byte[]>> records) {
		for (ConsumerRecord<String, byte[]> record : records) {
			List<TelemetryRecord> readings;
			try {
				readings = TelemetryRecordJson.readAll(record.value());
			}
			catch (RuntimeException e) {
				log.debug("Skipping an unreadable telemetry record at {}-{}@{}", record.topic(), record.partition(),
						record.offset());
				continue;
			}
			for (TelemetryRecord reading : readings) {
				activity.count(reading.tenant());
				keys.observe(reading);
				reporting.observe(reading);
				rules.onReading(reading);
			}
		}
	}
}
