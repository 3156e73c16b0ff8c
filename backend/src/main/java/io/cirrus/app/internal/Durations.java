package io.cirrus.app.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** Durations as app documents write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
final class Durations {

	private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

	private Durations() {
	}

	/** The duration, or null when the text is not one (the schema reports that). */
	static @Nullable Duration parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		Matcher m = FORMAT.matcher(text.strip());
		if (!m.matches()) {
			return null;
		}
		long n = Long.parseLong(m.group(1));
		return switch (m.group(2)) {
			case "ms" -> Duration.ofMillis(n);
			case "s" -> Duration.ofSeconds(n);
			case "m" -> Duration.ofMinutes(n);
			case "h" -> Duration.ofHours(n);
			default -> Duration.ofDays(n);
		};
	}

	static Duration parse(@Nullable String text, Duration otherwise) {
		Duration parsed = parse(text);
		return parsed == null ? otherwise : parsed;
	}

	/** The shortest way to write it: {@code 90s}, {@code 5m}. */
	static String format(Duration duration) {
		long ms = duration.toMillis();
		if (ms % 86_400_000 == 0 && ms > 0) {
			return ms / 86_400_000 + "d";
		}
		if (ms % 3_600_000 == 0 && ms > 0) {
			return ms / 3_600_000 + "h";
		}
		if (ms % 60_000 == 0 && ms > 0) {
			return ms / 60_000 + "m";
		}
		if (ms % 1000 == 0) {
			return ms / 1000 + "s";
		}
		return ms + "ms";
	}
}
