package io.cirrus.shared.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class SecretBoxTests {

	private static String key(String id) {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return id + ":" + Base64.getEncoder().encodeToString(bytes);
	}

	private static final String K1 = key("k1");

	private static final String K2 = key("k2");

	@Test
	void sealsSoThatTheStoredValueHoldsNothingOfTheSecret() {
		SecretBox box = new SecretBox(new SecretProperties(K1, List.of()));
		String stored = box.seal("whsec_abc123", "webhook_endpoint/t/e");
		assertThat(stored).startsWith("enc1:k1:").doesNotContain("abc123");
		assertThat(box.seal("whsec_abc123", "webhook_endpoint/t/e")).isNotEqualTo(stored);
		assertThat(box.open(stored, "webhook_endpoint/t/e")).isEqualTo("whsec_abc123");
	}

	@Test
	void aValueMovedToAnotherRowOrAlteredDoesNotOpen() {
		SecretBox box = new SecretBox(new SecretProperties(K1, List.of()));
		String stored = box.seal("whsec_abc123", "webhook_endpoint/tenant-a/e");
		assertThatThrownBy(() -> box.open(stored, "webhook_endpoint/tenant-b/e")).isInstanceOf(IllegalStateException.class);
		// Alter a character inside the sealed part, not its last one: the last base64 character of an unpadded value
		// may carry only unused bits, and changing those changes no byte.
		int at = stored.length() - 8;
		char middle = stored.charAt(at);
		String altered = stored.substring(0, at) + (middle == 'A' ? 'B' : 'A') + stored.substring(at + 1);
		assertThatThrownBy(() -> box.open(altered, "webhook_endpoint/tenant-a/e")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void rotationKeepsOldValuesReadableAndRewrapMovesThemToTheNewKey() {
		String stored = new SecretBox(new SecretProperties(K1, List.of())).seal("whsec_old", "c");
		SecretBox rotated = new SecretBox(new SecretProperties(K2, List.of(K1)));
		assertThat(rotated.stale(stored)).isTrue();
		assertThat(rotated.open(stored, "c")).isEqualTo("whsec_old");
		String rewrapped = rotated.rewrap(stored, "c");
		assertThat(rewrapped).startsWith("enc1:k2:");
		assertThat(rotated.stale(rewrapped)).isFalse();
		SecretBox withoutOldKey = new SecretBox(new SecretProperties(K2, List.of()));
		assertThat(withoutOldKey.open(rewrapped, "c")).isEqualTo("whsec_old");
		assertThatThrownBy(() -> withoutOldKey.open(stored, "c")).hasMessageContaining("previous-keys");
	}

	@Test
	void plainValuesFromBeforeEncryptionOpenAndGetSealed() {
		SecretBox box = new SecretBox(new SecretProperties(K1, List.of()));
		assertThat(box.stale("whsec_plain")).isTrue();
		assertThat(box.open("whsec_plain", "c")).isEqualTo("whsec_plain");
		assertThat(box.open(box.rewrap("whsec_plain", "c"), "c")).isEqualTo("whsec_plain");
	}

	@Test
	void refusesAMissingOrMalformedKeyNamingTheVariable() {
		assertThatThrownBy(() -> new SecretBox(new SecretProperties(null, List.of()))).hasMessageContaining("CIRRUS_SECRETS_KEY");
		assertThatThrownBy(() -> new SecretBox(new SecretProperties("k1:c2hvcnQ=", List.of())))
			.hasMessageContaining("32 random bytes");
		assertThatThrownBy(() -> new SecretBox(new SecretProperties("no-id-here", List.of())))
			.hasMessageContaining("cirrus.secrets.key");
	}
}
