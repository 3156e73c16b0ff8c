package io.cirrus.notification.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.notification.AudioService;
import io.cirrus.notification.DeliveryView;
import io.cirrus.notification.NotificationProblems;
import io.cirrus.notification.NotificationRequest;
import io.cirrus.notification.NotificationService;
import io.cirrus.notification.NotificationView;
import io.cirrus.notification.NotificationsPage;
import io.cirrus.notification.SubscriptionService;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "Notifications", description = "On-demand, batch and broadcast notifications and their delivery states")
class NotificationController {

	static final int BATCH_MAX_ITEMS = 10;

	static final int BATCH_MAX_BYTES = 256 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NotificationService notifications;

	private final SubscriptionService subscriptions;

	private final AudioService audio;

	NotificationController(NotificationService notifications, SubscriptionService subscriptions, AudioService audio) {
		this.notifications = notifications;
		this.subscriptions = subscriptions;
		this.audio = audio;
	}

	/** A notification with the state of its first deliveries (per recipient and channel). */
	record Detail(NotificationView notification, NotificationsPage<DeliveryView> deliveries) {
	}

	@PostMapping
	@Operation(summary = "Send a notification (tenant-admin, developer); 202 new, 200 for a repeated idempotency key")
	@ApiResponse(responseCode = "202", description = "Accepted; Location names the notification")
	@ApiResponse(responseCode = "200", description = "The notification an earlier call with this idempotency key created")
	ResponseEntity<NotificationView> send(@RequestBody NotificationRequest request) {
		NotificationService.Sent sent = notifications.send(request);
		return ResponseEntity.status(sent.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.location(URI.create("/api/v1/notifications/" + sent.notification().id()))
			.body(sent.notification());
	}

	@PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Send up to 10 notifications (at most 256 KiB) in one call; answers per item")
	List<NotificationService.BatchResult> batch(HttpServletRequest http) throws IOException {
		byte[] raw;
		try (InputStream in = http.getInputStream()) {
			raw = in.readNBytes(BATCH_MAX_BYTES + 1);
		}
		if (raw.length > BATCH_MAX_BYTES) {
			throw new CirrusException(NotificationProblems.BATCH_TOO_LARGE,
					"A batch may be at most 256 KiB (262144 bytes); split it into smaller batches.",
					Map.of("limitBytes", BATCH_MAX_BYTES, "limitItems", BATCH_MAX_ITEMS));
		}
		List<NotificationRequest> items;
		try {
			items = JSON.readValue(new String(raw, StandardCharsets.UTF_8), new TypeReference<List<NotificationRequest>>() {
			});
		}
		catch (JacksonException e) {
			throw new CirrusException(Problems.MALFORMED_BODY,
					"The batch must be a JSON array of notifications, like the body of POST /api/v1/notifications.");
		}
		if (items == null || items.isEmpty()) {
			throw NotificationProblems.invalid("batch", "must hold 1 to " + BATCH_MAX_ITEMS + " notifications");
		}
		if (items.size() > BATCH_MAX_ITEMS) {
			throw new CirrusException(Problems.VALIDATION, "A batch may hold at most " + BATCH_MAX_ITEMS
					+ " notifications; this one has " + items.size() + ". Split it into smaller batches.",
					Map.of("limitItems", BATCH_MAX_ITEMS, "errors",
							List.of(Map.of("field", "batch", "message", "must hold at most " + BATCH_MAX_ITEMS + " notifications"))));
		}
		return notifications.sendBatch(items);
	}

	@PostMapping("/broadcast")
	@Operation(summary = "Broadcast to every recipient a target expression selects (tenant-admin, developer)")
	@ApiResponse(responseCode = "202", description = "Accepted; Location names the notification")
	@ApiResponse(responseCode = "200", description = "The notification an earlier call with this idempotency key created")
	ResponseEntity<NotificationView> broadcast(@RequestBody NotificationRequest request) {
		NotificationService.Sent sent = notifications.broadcast(request);
		return ResponseEntity.status(sent.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.location(URI.create("/api/v1/notifications/" + sent.notification().id()))
			.body(sent.notification());
	}

	record Preview(@Nullable String target) {
	}

	@PostMapping("/targets/preview")
	@Operation(summary = "How many recipients a target expression selects")
	Map<String, Object> preview(@RequestBody Preview preview) {
		String target = preview.target() == null ? "" : preview.target();
		return Map.of("target", target, "recipients", notifications.preview(target));
	}

	@GetMapping
	@Operation(summary = "Recent notifications of the tenant, newest first")
	NotificationsPage<NotificationView> recent(@RequestParam(required = false) @Nullable String kind,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return notifications.recent(kind, page, size);
	}

	@GetMapping("/{id}")
	@Operation(summary = "A notification with its progress and the state per recipient and channel")
	Detail get(@PathVariable UUID id, @RequestParam(defaultValue = "100") int size) {
		return new Detail(notifications.get(id), notifications.deliveries(id, 0, size));
	}

	@GetMapping("/{id}/deliveries")
	@Operation(summary = "The deliveries of a notification, page by page")
	NotificationsPage<DeliveryView> deliveries(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "100") int size) {
		return notifications.deliveries(id, page, size);
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel what is not delivered yet (a broadcast in flight, a scheduled notification)")
	NotificationView cancel(@PathVariable UUID id) {
		return notifications.cancel(id);
	}

	@GetMapping("/parked")
	@Operation(summary = "Deliveries parked after their last attempt")
	List<DeliveryView> parked(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		return notifications.parked(page, size);
	}

	@PostMapping("/{id}/deliveries/{delivery}/retry")
	@Operation(summary = "Queue a parked delivery again")
	@ApiResponse(responseCode = "202", description = "Queued again")
	ResponseEntity<Void> retry(@PathVariable UUID id, @PathVariable long delivery) {
		notifications.retryParked(id, delivery);
		return ResponseEntity.accepted().build();
	}

	@GetMapping("/subscriptions")
	@Operation(summary = "The caller's subscriptions to platform events")
	List<SubscriptionService.Subscription> subscriptions() {
		return subscriptions.mine();
	}

	@PutMapping("/subscriptions")
	@Operation(summary = "Replace the caller's subscriptions to platform events")
	List<SubscriptionService.Subscription> subscribe(@RequestBody List<SubscriptionService.Subscription> wanted) {
		return subscriptions.update(wanted);
	}

	@PostMapping(path = "/audio", consumes = MediaType.ALL_VALUE)
	@Operation(summary = "Upload an audio clip (WAV, MP3 or OGG, at most 1 MiB) as the raw request body")
	@ApiResponse(responseCode = "201", description = "The clip; Location is its URL")
	ResponseEntity<AudioService.AudioClip> upload(HttpServletRequest http) throws IOException {
		byte[] content;
		try (InputStream in = http.getInputStream()) {
			content = in.readNBytes(1024 * 1024 + 1);
		}
		if (content.length > 1024 * 1024) {
			throw AudioService.tooLarge(1024 * 1024);
		}
		AudioService.AudioClip clip = audio.upload(content);
		return ResponseEntity.created(URI.create(clip.url())).body(clip);
	}
}
