package io.cirrus.telemetry;

import java.util.List;
import java.util.Map;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.cirrus.tenant.TenantSuspensions;

/**
 * Ingest refused a device's message; nothing of it was written. {@link #field()} names what was wrong
 * ({@code values.temperature}, {@code [3].ts}, {@code body}), or the limit that was exceeded. The API answers it as a
 * problem document (400, 413 for a message over the size limit, 429 with {@code Retry-After}, or 403 while the
 * tenant is suspended); MQTT drops the message and counts it for the device.
 */
public class TelemetryRejected extends CirrusException {

	private final String field;

	private final Reason reason;

	private TelemetryRejected(Reason reason, String field, String detail, Map<String, Object> properties) {
		super(switch (reason) {
			case RATE_LIMITED -> Problems.RATE_LIMITED;
			case TOO_LARGE -> Problems.PAYLOAD_TOO_LARGE;
			case INVALID -> Problems.VALIDATION;
			case SUSPENDED -> Problems.TENANT_SUSPENDED;
		}, detail, properties);
		this.field = field;
		this.reason = reason;
	}

	/** Bad input in one field. */
	public static TelemetryRejected invalid(String field, String message) {
		return new TelemetryRejected(Reason.INVALID, field, "Field '" + field + "' " + message + ".",
				Map.of("errors", List.of(Map.of("field", field, "message", message))));
	}

	/** A message over the size limit (413 on both HTTP ports). */
	public static TelemetryRejected tooLarge(String field, String message) {
		return new TelemetryRejected(Reason.TOO_LARGE, field, "Field '" + field + "' " + message + ".",
				Map.of("errors", List.of(Map.of("field", field, "message", message))));
	}

	/** Over a rate limit; the device may try again after {@code retryAfterSeconds}. */
	public static TelemetryRejected rateLimited(String limit, double perSecond, long retryAfterSeconds) {
		return new TelemetryRejected(Reason.RATE_LIMITED, limit,
				"Your tenant sends more than its limit '" + limit + "' of " + (long) perSecond
						+ " messages per second. Retry after " + retryAfterSeconds + " s or send less often.",
				Map.of("limit", limit, "retryAfterSeconds", retryAfterSeconds));
	}

	/** The device's tenant is suspended (403): nothing of it is taken until it is resumed. */
	public static TelemetryRejected suspended(TenantSuspensions.Suspension suspension) {
		return new TelemetryRejected(Reason.SUSPENDED, "tenant", suspension.detail(), suspension.properties());
	}

	/** The field (or limit) at fault. */
	public String field() {
		return field;
	}

	public Reason reason() {
		return reason;
	}

	/** Why a message was refused. */
	public enum Reason {

		/** The message breaks a rule of its shape or limits. */
		INVALID,

		/** The message is larger than a message may be. */
		TOO_LARGE,

		/** The tenant is over its rate limit. */
		RATE_LIMITED,

		/** The tenant is suspended. */
		SUSPENDED
	}
}
