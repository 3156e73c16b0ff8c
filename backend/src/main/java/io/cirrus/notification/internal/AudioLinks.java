package io.cirrus.notification.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.cirrus.notification.NotificationProperties;
import io.cirrus.shared.TenantId;

/**
 * Signed, expiring links to audio clips, for e-mail, SMS and webhook receivers who have no Cirrus token:
 * {@code /api/v1/audio/<tenant>/<clip>?expires=<epoch s>&signature=<HMAC-SHA256>}.
 */
@Component
public class AudioLinks {

	private final NotificationProperties properties;

	private final Clock clock;

	AudioLinks(NotificationProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	public String signedPath(TenantId tenant, UUID clip) {
		long expires = clock.instant().plus(properties.audio().linkTtl()).getEpochSecond();
		return "/api/v1/audio/" + tenant + "/" + clip + "?expires=" + expires + "&signature=" + sign(tenant, clip, expires);
	}

	public String signedUrl(TenantId tenant, UUID clip) {
		String base = properties.portalUrl().toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + signedPath(tenant, clip);
	}

	public boolean valid(TenantId tenant, UUID clip, long expires, String signature) {
		if (expires < clock.instant().getEpochSecond()) {
			return false;
		}
		return MessageDigest.isEqual(sign(tenant, clip, expires).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
	}

	private String sign(TenantId tenant, UUID clip, long expires) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(properties.audio().signingKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((tenant + "/" + clip + "/" + expires).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}
}
