package io.cirrus.shared.web;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.cirrus.shared.Problems;

/**
 * Requests no controller takes: the path exists, but not for this method or content type. Spring rejects them
 * before any controller is chosen, so {@link ProblemDetailsAdvice} (bound to Cirrus's controllers) never sees them
 * and the servlet's error page, which the API's security does not serve, answered 403. Here they get the API's
 * problem document with the real status (405 with {@code Allow}, 415, 406) and what to send instead. Other paths
 * (the portal, actuator) keep the framework's handling.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnmatchedRequestProblems {

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) throws Exception {
		api(e, request);
		List<String> allowed = e.getSupportedHttpMethods() == null ? List.of()
				: e.getSupportedHttpMethods().stream().map(HttpMethod::name).sorted().toList();
		ProblemDetail problem = ProblemDetailsAdvice.problem(Problems.METHOD_NOT_ALLOWED, "The method " + e.getMethod()
				+ " is not allowed on " + request.getRequestURI() + (allowed.isEmpty() ? "." : ": use " + String.join(", ", allowed) + "."));
		HttpHeaders headers = new HttpHeaders();
		if (!allowed.isEmpty()) {
			headers.set(HttpHeaders.ALLOW, String.join(", ", allowed));
		}
		return ResponseEntity.status(405).headers(headers).body(problem);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<Object> contentType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) throws Exception {
		api(e, request);
		String supported = e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
		String sent = e.getContentType() == null ? "no Content-Type" : "Content-Type " + e.getContentType();
		return ResponseEntity.status(415).body(ProblemDetailsAdvice.problem(Problems.UNSUPPORTED_MEDIA_TYPE,
				sent + " is not accepted on " + request.getRequestURI() + (supported.isEmpty() ? "." : ": send " + supported + ".")));
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<Object> accept(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) throws Exception {
		api(e, request);
		String supported = e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
		return ResponseEntity.status(406).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemDetailsAdvice.problem(
				Problems.NOT_ACCEPTABLE, "No answer of " + request.getRequestURI() + " matches the Accept header"
						+ (supported.isEmpty() ? "." : ": accept " + supported + ".")));
	}

	/** Declines (the framework handles it) unless the request is the API's. */
	private static void api(Exception e, HttpServletRequest request) throws Exception {
		if (!request.getRequestURI().startsWith("/api/")) {
			throw e;
		}
	}
}
