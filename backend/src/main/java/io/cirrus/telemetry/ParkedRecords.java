package io.cirrus.telemetry;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The telemetry records storage parked because PostgreSQL refused them or they were not readings (table
 * {@code telemetry_parked}), for operators: their payloads are kept as they were on the topic.
 */
@Component
public class ParkedRecords {

	private final JdbcClient jdbc;

	ParkedRecords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** How many records were parked at or after {@code since}. */
	public long countSince(Instant since) {
		return jdbc.sql("select count(*) from telemetry_parked where parked_at >= ?")
			.param(Timestamp.from(since))
			.query(Long.class)
			.single();
	}
}
