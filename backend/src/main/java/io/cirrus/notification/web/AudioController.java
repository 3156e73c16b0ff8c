package io.cirrus.notification.web;

import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.notification.AudioService;
import io.cirrus.shared.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Audio clips behind signed, expiring links (no token: e-mail and webhook receivers follow the link). */
@RestController
@Tag(name = "Notifications")
class AudioController {

	private final AudioService audio;

	AudioController(AudioService audio) {
		this.audio = audio;
	}

	@GetMapping("/api/v1/audio/{tenant}/{clip}")
	@Operation(summary = "An audio clip through its signed link")
	ResponseEntity<byte[]> clip(@PathVariable UUID tenant, @PathVariable UUID clip, @RequestParam long expires,
			@RequestParam String signature) {
		AudioService.Content content = audio.signedContent(new TenantId(tenant), clip, expires, signature);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(content.mediaType()))
			.cacheControl(CacheControl.noStore())
			.body(content.bytes());
	}
}
