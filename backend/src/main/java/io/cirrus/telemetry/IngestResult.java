package io.cirrus.telemetry;

import java.time.Instant;

/**
 * A message Kafka acknowledged: it will be stored and seen by every consumer.
 *
 * @param readings   how many readings it held (0 for a heartbeat)
 * @param receivedAt when Cirrus accepted it
 */
public record IngestResult(int readings, Instant receivedAt) {
}
