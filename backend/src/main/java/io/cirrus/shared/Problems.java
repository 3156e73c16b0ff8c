package io.cirrus.shared;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The problem types every module may raise (RFC 9457). Modules add their own by implementing {@link ProblemType}.
 */
public enum Problems implements ProblemType {

	VALIDATION("validation", "Invalid request", HttpStatus.BAD_REQUEST),
	MALFORMED_BODY("malformed-body", "Malformed request body", HttpStatus.BAD_REQUEST),
	NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
	UNAUTHORIZED("unauthorized", "Authentication required", HttpStatus.UNAUTHORIZED),
	FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),
	NO_TENANT("no-tenant", "No tenant", HttpStatus.FORBIDDEN),
	TENANT_SUSPENDED("tenant-suspended", "Tenant suspended", HttpStatus.FORBIDDEN),
	CONFLICT("conflict", "Conflict", HttpStatus.CONFLICT),
	PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", HttpStatus.CONTENT_TOO_LARGE),
	RATE_LIMITED("rate-limited", "Rate limit exceeded", HttpStatus.TOO_MANY_REQUESTS),
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
	METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
	NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
	UNAVAILABLE("unavailable", "Service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
	INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

	private final URI uri;

	private final String title;

	private final HttpStatus status;

	Problems(String slug, String title, HttpStatus status) {
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
}
