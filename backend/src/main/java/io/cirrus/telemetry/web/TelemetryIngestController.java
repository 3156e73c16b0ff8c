package io.cirrus.telemetry.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.device.AuthenticatedDevice;
import io.cirrus.shared.CirrusException;
import io.cirrus.telemetry.IngestResult;
import io.cirrus.telemetry.IngestSource;
import io.cirrus.telemetry.TelemetryIngest;
import io.cirrus.telemetry.TelemetryProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * HTTP ingest for devices (header {@code X-Device-Token}, checked by the device module's filter chain). The answer
 * is 202 only once Kafka acknowledged the whole message. The body is read here, at most the size limit plus one
 * byte, so a huge body costs no memory and gets the same 400 as any other bad input.
 */
@RestController
@Tag(name = "Device ingest", description = "Telemetry and heartbeats from devices (X-Device-Token)")
class TelemetryIngestController {

	private final TelemetryIngest ingest;

	private final int maxBytes;

	TelemetryIngestController(TelemetryIngest ingest, TelemetryProperties properties) {
		this.ingest = ingest;
		this.maxBytes = properties.ingest().maxMessageBytes();
	}

	/** What a device gets back: how many readings were accepted, and when. */
	record Accepted(int readings, Instant receivedAt) {
	}

	@PostMapping("/api/v1/telemetry")
	@Operation(summary = "One reading {\"ts\", \"values\"} or a JSON array of readings; 202 once durable in Kafka")
	@ApiResponse(responseCode = "202", description = "How many readings were accepted, once durable in Kafka")
	@ApiResponse(responseCode = "400", description = "Not a reading or an array of readings, or too large")
	ResponseEntity<Accepted> telemetry(@AuthenticationPrincipal AuthenticatedDevice device, HttpServletRequest request)
			throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			throw ingest.tooLarge(device, IngestSource.HTTP);
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			// With a declared length read exactly that (one allocation); otherwise up to one byte over the limit.
			body = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes(maxBytes + 1);
		}
		if (body.length > maxBytes) {
			throw ingest.tooLarge(device, IngestSource.HTTP);
		}
		return accepted(ingest.accept(device, body, IngestSource.HTTP));
	}

	@PostMapping("/api/v1/heartbeat")
	@Operation(summary = "\"I am alive\" without values; 202 once durable in Kafka")
	@ApiResponse(responseCode = "202", description = "Accepted, once durable in Kafka")
	ResponseEntity<Accepted> heartbeat(@AuthenticationPrincipal AuthenticatedDevice device) {
		return accepted(ingest.heartbeat(device, IngestSource.HTTP));
	}

	private static ResponseEntity<Accepted> accepted(CompletableFuture<IngestResult> pending) {
		try {
			IngestResult result = pending.join();
			return ResponseEntity.accepted().body(new Accepted(result.readings(), result.receivedAt()));
		}
		catch (CompletionException e) {
			if (e.getCause() instanceof CirrusException problem) {
				throw problem;
			}
			throw e;
		}
	}
}
