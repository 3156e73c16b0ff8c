package io.cirrus.notification;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.ProblemType;

/** Problem types of the notification API (RFC 9457). */
public enum NotificationProblems implements ProblemType {

	INVALID_TARGET("invalid-target", "Invalid target expression", HttpStatus.BAD_REQUEST),
	BATCH_TOO_LARGE("batch-too-large", "Batch too large", HttpStatus.CONTENT_TOO_LARGE),
	AUDIO_TOO_LARGE("audio-too-large", "Audio clip too large", HttpStatus.CONTENT_TOO_LARGE),
	UNSAFE_WEBHOOK_URL("unsafe-webhook-url", "Webhook URL not allowed", HttpStatus.BAD_REQUEST);

	private final URI uri;

	private final String title;

	private final HttpStatus status;

	NotificationProblems(String slug, String title, HttpStatus status) {
		this.uri = URI.create(BASE + slug);
		this.title = title;
		this.status = status;
	}

	@Override
	public URI uri() {
		return uri;
	}

	@Override
	public String title() {
		return title;
	}

	@Override
	public HttpStatus status() {
		return status;
	}

	/** A 400 naming each invalid field, in the shape of the API's other validation problems. */
	public static CirrusException invalid(List<FieldError> errors) {
		String fields = String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
		return new CirrusException(io.cirrus.shared.Problems.VALIDATION,
				"Some fields are invalid: " + fields + ". " + errors.getFirst().field() + " "
						+ errors.getFirst().message() + ".",
				Map.of("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList()));
	}

	public static CirrusException invalid(String field, String message) {
		return invalid(List.of(new FieldError(field, message)));
	}

	/** Recipients named in a request that the tenant does not have (the first five named). */
	public static CirrusException unknownRecipients(List<String> unknown) {
		return invalid("recipients", "names recipients this tenant does not have: "
				+ String.join(", ", unknown.stream().limit(5).toList()) + (unknown.size() > 5 ? ", ..." : ""));
	}

	/** One invalid field and what is wrong with it. */
	public record FieldError(String field, String message) {
	}
}
