package io.cirrus.health;

/** What an alarm rule watches. */
public enum AlarmSource {

	/** A telemetry key of the tenant's devices, evaluated on every reading. */
	TELEMETRY,

	/** A tenant health metric (see {@link HealthMetric}), evaluated on every sample. */
	HEALTH
}
