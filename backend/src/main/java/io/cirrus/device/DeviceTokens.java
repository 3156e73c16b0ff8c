package io.cirrus.device;

import org.jspecify.annotations.Nullable;

/**
 * How devices present their token over HTTP, and what they are told when it is missing or refused: one place for
 * every HTTP path devices call (the API's device filter chain, the telemetry module's device endpoint).
 */
public final class DeviceTokens {

	/** The token's own header: {@code X-Device-Token: <token>}. */
	public static final String HEADER = "X-Device-Token";

	/** The alternative: {@code Authorization: Device <token>}. */
	public static final String SCHEME = "Device ";

	/** The {@code WWW-Authenticate} challenge of a 401 without a token. */
	public static final String CHALLENGE = "Device realm=\"cirrus\"";

	/** The {@code WWW-Authenticate} challenge of a 401 for a token that was refused. */
	public static final String INVALID_CHALLENGE = CHALLENGE + ", error=\"invalid_token\"";

	public static final String MISSING = "A device token is required. Send it as 'X-Device-Token: <token>' or "
			+ "'Authorization: Device <token>'.";

	public static final String INVALID = "The device token is invalid or has been revoked. Ask your tenant's admin for a "
			+ "new token.";

	private DeviceTokens() {
	}

	/** The token from the two headers' values (either may be null); null when neither carries one. */
	public static @Nullable String token(@Nullable String header, @Nullable String authorization) {
		if (header != null && !header.isBlank()) {
			return header.strip();
		}
		if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return authorization.substring(SCHEME.length()).strip();
		}
		return null;
	}
}
