package io.cirrus.shared;

import java.util.Map;

/**
 * A domain error with a stable problem type and a message written for the person who has to act on it. The API
 * turns it into {@code application/problem+json}; the portal shows the message.
 */
public class CirrusException extends RuntimeException {

	private final ProblemType type;

	private final Map<String, Object> properties;

	public CirrusException(ProblemType type, String detail) {
		this(type, detail, Map.of());
	}

	public CirrusException(ProblemType type, String detail, Map<String, Object> properties) {
		super(detail);
		this.type = type;
		this.properties = Map.copyOf(properties);
	}

	/**
	 * Bad input in one field, answered like bean-validation errors: {@code errors: [{field, message}]}.
	 */
	public static CirrusException invalidField(String field, String message) {
		return new CirrusException(Problems.VALIDATION, "Field '" + field + "' " + message + ".",
				Map.of("errors", java.util.List.of(Map.of("field", field, "message", message))));
	}

	public ProblemType type() {
		return type;
	}

	/** Extra members of the problem document (e.g. the name of a limit). */
	public Map<String, Object> properties() {
		return properties;
	}
}
