package io.cirrus.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.DeviceId;
import io.cirrus.shared.Problems;
import io.cirrus.shared.TenantId;
import io.cirrus.telemetry.internal.IngestRateLimiter;
import io.cirrus.telemetry.internal.Reading;
import io.cirrus.telemetry.internal.RejectionCounter;
import io.cirrus.telemetry.internal.TelemetryParser;
import io.cirrus.telemetry.internal.TelemetryProducer;
import io.cirrus.tenant.TenantSuspensions;

/**
 * Ingest of device messages, for every path (HTTP, MQTT): checks a message against the limits, the tenant's rate
 * limit, and writes it to the telemetry topic keyed {@code tenant:device} as one Kafka record (a batch with all its
 * readings: stored whole or not at all). The returned future completes only after Kafka acknowledged it
 * ({@code acks=all}); it fails with {@link TelemetryRejected} (bad input naming the field, or over the rate limit;
 * nothing was written) or with a 503 problem when Kafka did not acknowledge in time. Refusals are counted per device
 * and path for the device page.
 */
@Service
public class TelemetryIngest {

	/** The Kafka header of readings an app derived: how many derivations led to them (absent: a device sent them). */
	public static final String HOPS = "cirrus-hops";

	private static final Logger log = LoggerFactory.getLogger(TelemetryIngest.class);

	private final TelemetryParser parser;

	private final IngestRateLimiter rateLimiter;

	private final TelemetryProducer producer;

	private final RejectionCounter rejections;

	private final TenantSuspensions suspensions;

	private final Clock clock;

	TelemetryIngest(TelemetryProperties properties, IngestRateLimiter rateLimiter, TelemetryProducer producer,
			RejectionCounter rejections, TenantSuspensions suspensions, Clock clock) {
		this.suspensions = suspensions;
		this.parser = new TelemetryParser(properties.ingest(), clock);
		this.rateLimiter = rateLimiter;
		this.producer = producer;
		this.rejections = rejections;
		this.clock = clock;
	}

	/**
	 * Accepts one reading {@code {"ts": ..., "values": {...}}} or a JSON array of them from an authenticated device;
	 * all or nothing. The future completes after Kafka acknowledged every reading, or fails with
	 * {@link TelemetryRejected} (nothing written; counted for the device) or a 503 {@link CirrusException}.
	 */
	public CompletableFuture<IngestResult> accept(AuthenticatedDevice device, byte[] json, IngestSource source) {
		return accept(device.tenant(), device.device(), source, json);
	}

	/** Accepts a heartbeat ("I am alive", no values) from an authenticated device; see {@link #accept}. */
	public CompletableFuture<IngestResult> heartbeat(AuthenticatedDevice device, IngestSource source) {
		return heartbeat(device.tenant(), device.device(), source);
	}

	/** The rejection of a body over the size limit (counted for the device), for paths that check the size first. */
	public TelemetryRejected tooLarge(AuthenticatedDevice device, IngestSource source) {
		return tooLarge(device.tenant(), device.device(), source);
	}

	/**
	 * Counts a message a path refused before handing it here (for instance an MQTT publish that could not be read),
	 * so the device page shows it.
	 */
	public void countRejected(AuthenticatedDevice device, IngestSource source, String reason) {
		rejections.count(device.tenant(), device.device(), source, reason);
	}

	/** Like {@link #accept(AuthenticatedDevice, byte[], IngestSource)}, for a device known by its ids. */
	public CompletableFuture<IngestResult> accept(TenantId tenant, DeviceId device, IngestSource source, byte[] json) {
		Instant receivedAt = clock.instant();
		List<TelemetryRecord> records;
		try {
			requireActive(tenant);
			List<Reading> readings = parser.parse(json);
			rateLimiter.acquire(tenant, readings.size());
			records = new ArrayList<>(readings.size());
			for (Reading reading : readings) {
				records.add(new TelemetryRecord(tenant, device, TelemetryRecord.Kind.TELEMETRY, reading.ts(), receivedAt,
						reading.values()));
			}
		}
		catch (TelemetryRejected e) {
			rejections.count(tenant, device, source, e.getMessage());
			return CompletableFuture.failedFuture(e);
		}
		return send(records, records.size(), receivedAt);
	}

	/**
	 * Accepts readings a deployed app derived for a device of its tenant ({@code {"values": {...}}}), marked with
	 * how many derivations led to them (the {@value #HOPS} header), so apps reacting to derived
	 * readings cannot loop for ever. Counted against the tenant's rate limit like a device's.
	 */
	public CompletableFuture<IngestResult> derive(TenantId tenant, DeviceId device, byte[] json, int hops) {
		Instant receivedAt = clock.instant();
		List<TelemetryRecord> records;
		try {
			requireActive(tenant);
			List<Reading> readings = parser.parse(json);
			rateLimiter.acquire(tenant, readings.size());
			records = new ArrayList<>(readings.size());
			for (Reading reading : readings) {
				records.add(new TelemetryRecord(tenant, device, TelemetryRecord.Kind.TELEMETRY, reading.ts(), receivedAt,
						reading.values()));
			}
		}
		catch (TelemetryRejected e) {
			return CompletableFuture.failedFuture(e);
		}
		return producer.send(records, hops).thenApply(ok -> new IngestResult(records.size(), receivedAt));
	}

	/** Like {@link #heartbeat(AuthenticatedDevice, IngestSource)}, for a device known by its ids. */
	public CompletableFuture<IngestResult> heartbeat(TenantId tenant, DeviceId device, IngestSource source) {
		Instant receivedAt = clock.instant();
		try {
			requireActive(tenant);
			rateLimiter.acquire(tenant, 1);
		}
		catch (TelemetryRejected e) {
			rejections.count(tenant, device, source, e.getMessage());
			return CompletableFuture.failedFuture(e);
		}
		return send(List.of(new TelemetryRecord(tenant, device, TelemetryRecord.Kind.HEARTBEAT, receivedAt, receivedAt,
				Map.of())), 0, receivedAt);
	}

	/** The rejection of a body over the size limit, for paths that refuse it before reading it whole. */
	public TelemetryRejected tooLarge(TenantId tenant, DeviceId device, IngestSource source) {
		TelemetryRejected rejected = parser.tooLarge();
		rejections.count(tenant, device, source, rejected.getMessage());
		return rejected;
	}

	/**
	 * Refuses a suspended tenant's messages (docs/adr/0035), counted for the device with the reason like any other
	 * refusal; answers the refusal, or empty while the tenant is active. MQTT asks this at CONNECT.
	 */
	public java.util.Optional<TelemetryRejected> refusal(AuthenticatedDevice device, IngestSource source) {
		try {
			requireActive(device.tenant());
			return java.util.Optional.empty();
		}
		catch (TelemetryRejected e) {
			rejections.count(device.tenant(), device.device(), source, e.getMessage());
			return java.util.Optional.of(e);
		}
	}

	private void requireActive(TenantId tenant) {
		var suspension = suspensions.of(tenant);
		if (suspension.isPresent()) {
			throw TelemetryRejected.suspended(suspension.get());
		}
	}

	private CompletableFuture<IngestResult> send(List<TelemetryRecord> records, int readings, Instant receivedAt) {
		CompletableFuture<Void> sent;
		try {
			sent = producer.send(records);
		}
		catch (RuntimeException e) {
			sent = CompletableFuture.failedFuture(e);
		}
		// No timer of our own: the producer reports every send within its delivery timeout, the ack timeout.
		return sent.handle((ok, failure) -> {
			if (failure != null) {
				Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
				log.warn("Kafka did not acknowledge {} telemetry records: {}", records.size(), cause.toString());
				throw new CompletionException(unavailable());
			}
			return new IngestResult(readings, receivedAt);
		});
	}

	private static CirrusException unavailable() {
		return new CirrusException(Problems.UNAVAILABLE,
				"Cirrus could not store the message right now; nothing was accepted. Send it again in a few seconds.",
				Map.of("retryAfterSeconds", 5L));
	}
}
