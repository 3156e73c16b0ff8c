package io.cirrus.shared.net;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code webhook-signature: v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>},
 * with secrets of the form {@code whsec_<base64 key>}. Several secrets (a rotation's overlap) give several
 * space-separated signatures, any of which a receiver may verify.
 */
public final class WebhookSigner {

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSigner() {
	}

	public static String newSecret() {
		byte[] key = new byte[24];
		RANDOM.nextBytes(key);
		return "whsec_" + Base64.getEncoder().encodeToString(key);
	}

	/** One signature per secret, space-separated, as Standard Webhooks allows during a rotation. */
	public static String sign(java.util.List<String> secrets, String id, long timestamp, String body) {
		return String.join(" ", secrets.stream().map(s -> sign(s, id, timestamp, body)).toList());
	}

	public static String sign(String secret, String id, long timestamp, String body) {
		byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(signature);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}
}
