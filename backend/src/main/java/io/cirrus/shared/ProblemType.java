package io.cirrus.shared;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * A problem type of the Cirrus API (RFC 9457): a stable URI that never changes once published (clients may switch
 * on it), a short title and the HTTP status it answers with.
 */
public interface ProblemType {

	/** Base of every problem type URI. */
	String BASE = "https://cirrus.io/problems/";

	URI uri();

	String title();

	HttpStatus status();
}
