package io.cirrus.tenant;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.cirrus.shared.CirrusException;

/**
 * The fields of a person made in the identity provider (a tenant's first admin at onboarding, a user a tenant admin
 * invites), each checked with an error naming the field, and their temporary password.
 */
final class NewMembers {

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,63}");

	/** No look-alike characters: the password is read off a screen and typed once. */
	private static final String PASSWORD_CHARACTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private static final int PASSWORD_LENGTH = 16;

	private static final SecureRandom RANDOM = new SecureRandom();

	private NewMembers() {
	}

	static String required(String field, @Nullable String value, int maxLength) {
		if (value == null || value.isBlank()) {
			throw CirrusException.invalidField(field, "is required");
		}
		String stripped = value.strip();
		if (stripped.length() > maxLength) {
			throw CirrusException.invalidField(field, "must be at most " + maxLength + " characters");
		}
		return stripped;
	}

	/** A required e-mail address, lower-cased. */
	static String email(String field, @Nullable String value) {
		String email = required(field, value, 254).toLowerCase(Locale.ROOT);
		if (!EMAIL.matcher(email).matches()) {
			throw CirrusException.invalidField(field, "is not an e-mail address");
		}
		return email;
	}

	/** The username, lower-cased; the e-mail address when none is given. */
	static String username(String field, @Nullable String value, String email) {
		String username = value == null || value.isBlank() ? email : value.strip().toLowerCase(Locale.ROOT);
		if (!USERNAME.matcher(username).matches()) {
			throw CirrusException.invalidField(field, "must be 3 to 64 letters, digits or . _ @ -, starting with a letter or digit");
		}
		return username;
	}

	static String temporaryPassword() {
		StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
		for (int i = 0; i < PASSWORD_LENGTH; i++) {
			password.append(PASSWORD_CHARACTERS.charAt(RANDOM.nextInt(PASSWORD_CHARACTERS.length())));
		}
		return password.toString();
	}
}
