package io.cirrus.telemetry;

/** The path a device message came in on; rejections are counted per path. */
public enum IngestSource {
	HTTP, MQTT
}
