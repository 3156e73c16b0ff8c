package io.cirrus.device.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Device tokens and provisioning secrets: 256 random bits, URL-safe, with a prefix that makes a leaked token easy
 * to recognise ({@code cdt_} device token, {@code cps_} provisioning secret, {@code cpk_} provisioning key). Only
 * their SHA-256 is stored: with 256 bits of entropy a salt or a slow hash adds nothing (docs/adr/0006).
 */
public final class Tokens {

	public static final String DEVICE_TOKEN_PREFIX = "cdt_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private Tokens() {
	}

	public static String deviceToken() {
		return DEVICE_TOKEN_PREFIX + random(32);
	}

	public static String provisionKey() {
		return "cpk_" + random(16);
	}

	public static String provisionSecret() {
		return "cps_" + random(32);
	}

	public static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Whether {@code secret} hashes to {@code hash}, in constant time. */
	public static boolean matches(String secret, byte[] hash) {
		return MessageDigest.isEqual(sha256(secret), hash);
	}

	/** Cheap shape check before any lookup: no database work for garbage. */
	public static boolean plausibleDeviceToken(String token) {
		return token.length() == DEVICE_TOKEN_PREFIX.length() + 43 && token.startsWith(DEVICE_TOKEN_PREFIX);
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return ENCODER.encodeToString(value);
	}
}
