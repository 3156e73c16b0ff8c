package io.cirrus.telemetry;

import java.time.Instant;

/**
 * Messages of a device that ingest refused on one path.
 *
 * @param source    HTTP or MQTT
 * @param rejected  how many, ever
 * @param lastError the reason of the last one
 * @param lastAt    when the last one came
 */
public record Rejections(IngestSource source, long rejected, String lastError, Instant lastAt) {
}
