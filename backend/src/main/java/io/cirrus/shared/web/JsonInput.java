package io.cirrus.shared.web;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * The limits every JSON document sent to Cirrus is read under, set deliberately rather than left at Jackson's
 * defaults (1,000 levels, 1,000-digit numbers, 20 million-character strings), and the words a person reads when a
 * document breaks one or is not JSON: what is wrong and where, never the parser's class and feature names.
 */
public final class JsonInput {

	/** Objects and arrays within objects and arrays; an app document needs about 10. */
	public static final int MAX_DEPTH = 64;

	/** Digits of one number; a double needs 17, a long 19. */
	public static final int MAX_NUMBER_LENGTH = 100;

	/** Characters of one string; bodies are capped below this anyway (1 MiB, see RequestBodyLimit). */
	public static final int MAX_STRING_LENGTH = 1 << 20;

	public static final StreamReadConstraints READ_CONSTRAINTS = StreamReadConstraints.builder()
		.maxNestingDepth(MAX_DEPTH)
		.maxNumberLength(MAX_NUMBER_LENGTH)
		.maxStringLength(MAX_STRING_LENGTH)
		.build();

	private JsonInput() {
	}

	/** A JSON factory reading under {@link #READ_CONSTRAINTS}. */
	public static JsonFactory factory() {
		return JsonFactory.builder().streamReadConstraints(READ_CONSTRAINTS).build();
	}

	/**
	 * Why a document could not be read, for the person who sent it: "is not valid JSON: ..." or the limit it broke,
	 * with the line and column where the parser stopped.
	 */
	public static String describe(JacksonException e) {
		String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
		String what;
		if (e instanceof StreamConstraintsException) {
			if (message.contains("nesting depth")) {
				what = "nests objects or arrays more than " + MAX_DEPTH + " levels deep";
			}
			else if (message.contains("Number value length")) {
				what = "has a number of more than " + MAX_NUMBER_LENGTH + " digits";
			}
			else if (message.contains("String value length")) {
				what = "has a string longer than " + MAX_STRING_LENGTH + " characters";
			}
			else {
				what = "is larger than a request may be";
			}
		}
		else if (message.contains("Non-standard token")) {
			what = "contains NaN or Infinity, which JSON does not allow: send a finite number, or leave the value out";
		}
		else {
			what = "is not valid JSON: " + plain(message);
		}
		return what + where(e.getLocation());
	}

	/** The parser's own sentence without what names its internals (`Feature`, source descriptions). */
	static String plain(String message) {
		String text = message.lines().findFirst().orElse("").strip();
		for (String cut : new String[] { "`", " (start marker", " [Source", "; enable ", ": enable " }) {
			int at = text.indexOf(cut);
			if (at >= 0) {
				text = text.substring(0, at);
			}
		}
		text = text.strip();
		while (text.endsWith(":") || text.endsWith(",") || text.endsWith(";")) {
			text = text.substring(0, text.length() - 1).strip();
		}
		return text.isEmpty() ? "the document ends early or has a character out of place" : text;
	}

	private static String where(@Nullable TokenStreamLocation location) {
		if (location == null || location.getLineNr() <= 0) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}
}
