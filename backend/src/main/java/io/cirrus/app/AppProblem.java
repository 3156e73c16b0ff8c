package io.cirrus.app;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One thing wrong (or doubtful) in an app document, where it is and what to do about it.
 *
 * @param severity {@code error} (the version cannot be deployed) or {@code warning}
 * @param code     the class of problem, stable for clients: see {@link Code}
 * @param path     where in the document, as a JSON path ({@code $.rules[0].condition})
 * @param line     1-based line in the source (JSON or YAML), where known
 * @param column   1-based column in the source, where known
 * @param offset   for expressions and templates: the 0-based character offset inside the expression text
 * @param message  what is wrong, in words that say what to do
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppProblem(Severity severity, Code code, String path, @Nullable Integer line, @Nullable Integer column,
		@Nullable Integer offset, String message) {

	public static AppProblem error(Code code, String path, String message) {
		return new AppProblem(Severity.ERROR, code, path, null, null, null, message);
	}

	public static AppProblem warning(Code code, String path, String message) {
		return new AppProblem(Severity.WARNING, code, path, null, null, null, message);
	}

	public AppProblem at(@Nullable Integer line, @Nullable Integer column) {
		return new AppProblem(severity, code, path, line, column, offset, message);
	}

	public AppProblem withOffset(int offset) {
		return new AppProblem(severity, code, path, line, column, offset, message);
	}

	public boolean isError() {
		return severity == Severity.ERROR;
	}

	public enum Severity {

		ERROR, WARNING;

		@JsonValue
		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** Classes of problems. */
	public enum Code {

		/** The text is not JSON or YAML. */
		SYNTAX,
		/** The document does not match the schema: unknown field, wrong type, missing field, bad value. */
		SCHEMA,
		/** An expression that does not parse. */
		CEL_SYNTAX,
		/** An expression that parses but does not type-check (unknown variable, wrong types). */
		CEL_TYPE,
		/** A template placeholder that does not parse or names something that does not exist. */
		TEMPLATE,
		/** A reference to a trigger, block or app of the document or tenant that does not exist. */
		REFERENCE,
		/** Two triggers, blocks or rules with the same id. */
		DUPLICATE,
		/** A device id that is not a device of the tenant. */
		UNKNOWN_DEVICE,
		/** A device profile that is not a profile of the tenant. */
		UNKNOWN_PROFILE,
		/** A tag no device of the tenant carries (yet). */
		UNKNOWN_TAG,
		/** A notification channel or recipient that is not configured for the tenant. */
		CHANNEL,
		/** Something the declared permissions do not cover. */
		PERMISSION,
		/** A schedule that does not parse (cron, time, time zone, period). */
		SCHEDULE,
		/** A setting whose value does not match its type. */
		SETTING;

		@JsonValue
		public String id() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
	}
}
