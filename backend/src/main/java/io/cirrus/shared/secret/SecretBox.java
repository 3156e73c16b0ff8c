package io.cirrus.shared.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Envelope encryption of tenant secrets at rest (webhook signing secrets): each secret gets its own random data key
 * (AES-256-GCM), and that data key is wrapped with the configured key (AES-256-GCM too). Both bind a context the
 * caller names (table, tenant, row), so a stored value copied to another row or tenant does not open. Rotation:
 * configure a new {@code cirrus.secrets.key}, keep the old one under {@code previous-keys}; values under an old key
 * still open, and {@link #rewrap} moves them to the new key by re-wrapping only the data key.
 * <p>
 * Stored form: {@code enc1:<key id>:<base64 wrapped data key>:<base64 sealed secret>}. Values from before encryption
 * (plain text) still open, as what they are, until rewrapped.
 */
@Component
@EnableConfigurationProperties(SecretProperties.class)
public class SecretBox {

	static final String PREFIX = "enc1:";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String activeId;

	private final Map<String, SecretKey> keys = new LinkedHashMap<>();

	public SecretBox(SecretProperties properties) {
		if (properties.key() == null || properties.key().isBlank()) {
			throw new IllegalStateException("cirrus.secrets.key is not set: set CIRRUS_SECRETS_KEY to "
					+ "<id>:<base64 of 32 random bytes>, e.g. \"k1:$(openssl rand -base64 32)\"");
		}
		activeId = add(properties.key(), "cirrus.secrets.key");
		for (String previous : properties.previousKeys()) {
			add(previous, "cirrus.secrets.previous-keys");
		}
	}

	private String add(String spec, String property) {
		int colon = spec.indexOf(':');
		byte[] bytes;
		try {
			bytes = colon > 0 ? Base64.getDecoder().decode(spec.substring(colon + 1).strip()) : new byte[0];
		}
		catch (IllegalArgumentException e) {
			bytes = new byte[0];
		}
		if (bytes.length != 32) {
			throw new IllegalStateException(property + " must be <id>:<base64 of 32 random bytes>, e.g. "
					+ "\"k1:$(openssl rand -base64 32)\"");
		}
		String id = spec.substring(0, colon).strip();
		keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES"));
		return id;
	}

	/** Encrypts {@code secret} for storage in {@code context} (e.g. {@code webhook_endpoint/<tenant>/<id>}). */
	public String seal(String secret, String context) {
		byte[] dataKey = new byte[32];
		RANDOM.nextBytes(dataKey);
		byte[] aad = context.getBytes(StandardCharsets.UTF_8);
		String wrapped = b64(gcm(Cipher.ENCRYPT_MODE, keys.get(activeId), dataKey, aad));
		String sealed = b64(gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
				secret.getBytes(StandardCharsets.UTF_8), aad));
		return PREFIX + activeId + ":" + wrapped + ":" + sealed;
	}

	/** The secret a stored value holds; fails when it was sealed for another context or under an unknown key. */
	public String open(String stored, String context) {
		if (!stored.startsWith(PREFIX)) {
			return stored; // stored before encryption at rest; rewrap seals it
		}
		String[] parts = stored.split(":");
		if (parts.length != 4) {
			throw new IllegalStateException("a stored secret is malformed");
		}
		SecretKey key = keys.get(parts[1]);
		if (key == null) {
			throw new IllegalStateException("a stored secret is wrapped with key " + parts[1]
					+ ", which is not configured: add it to cirrus.secrets.previous-keys");
		}
		byte[] aad = context.getBytes(StandardCharsets.UTF_8);
		byte[] dataKey = gcm(Cipher.DECRYPT_MODE, key, unb64(parts[2]), aad);
		return new String(gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), unb64(parts[3]), aad),
				StandardCharsets.UTF_8);
	}

	/** Whether a stored value should be rewrapped: plain text, or wrapped with a key other than the active one. */
	public boolean stale(String stored) {
		return !stored.startsWith(PREFIX + activeId + ":");
	}

	/**
	 * The stored value under the active key: a plain value is sealed, an old key's data key is re-wrapped (the
	 * sealed secret itself is untouched).
	 */
	public String rewrap(String stored, String context) {
		if (!stale(stored)) {
			return stored;
		}
		if (!stored.startsWith(PREFIX)) {
			return seal(stored, context);
		}
		String[] parts = stored.split(":");
		SecretKey old = keys.get(parts[1]);
		if (old == null) {
			throw new IllegalStateException("a stored secret is wrapped with key " + parts[1] + ", which is not configured");
		}
		byte[] aad = context.getBytes(StandardCharsets.UTF_8);
		byte[] dataKey = gcm(Cipher.DECRYPT_MODE, old, unb64(parts[2]), aad);
		return PREFIX + activeId + ":" + b64(gcm(Cipher.ENCRYPT_MODE, keys.get(activeId), dataKey, aad)) + ":"
				+ parts[3];
	}

	/** AES-GCM; encrypting prepends a random 12-byte nonce, decrypting reads it. */
	private static byte[] gcm(int mode, SecretKey key, byte[] input, byte[] aad) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			if (mode == Cipher.ENCRYPT_MODE) {
				byte[] nonce = new byte[12];
				RANDOM.nextBytes(nonce);
				cipher.init(mode, key, new GCMParameterSpec(128, nonce));
				cipher.updateAAD(aad);
				byte[] sealed = cipher.doFinal(input);
				byte[] out = new byte[12 + sealed.length];
				System.arraycopy(nonce, 0, out, 0, 12);
				System.arraycopy(sealed, 0, out, 12, sealed.length);
				return out;
			}
			if (input.length < 28) {
				throw new IllegalStateException("a stored secret is malformed");
			}
			cipher.init(mode, key, new GCMParameterSpec(128, input, 0, 12));
			cipher.updateAAD(aad);
			return cipher.doFinal(input, 12, input.length - 12);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("a stored secret does not open with its key (altered, or moved from "
					+ "another row)", e);
		}
	}

	private static String b64(byte[] bytes) {
		return Base64.getEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] unb64(String text) {
		return Base64.getDecoder().decode(text);
	}
}
