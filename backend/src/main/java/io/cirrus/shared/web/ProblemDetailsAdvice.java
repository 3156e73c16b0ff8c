package io.cirrus.shared.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.ProblemType;
import io.cirrus.shared.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * The one place the API turns errors into RFC 9457 problem documents. Every answer has a stable {@code type}, a
 * human {@code detail} that says what to do, and, for bad input, {@code errors} naming each field. Never a stack
 * trace or an exception class name: unexpected errors are logged with an incident id that the answer repeats.
 */
@RestControllerAdvice(basePackages = "io.cirrus")
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	/** One invalid field: where it is and what is wrong with it. */
	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler(CirrusException.class)
	ResponseEntity<Object> cirrus(CirrusException e) {
		ProblemDetail problem = problem(e.type(), e.getMessage());
		e.properties().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
		}
		return ResponseEntity.status(e.type().status()).headers(headers).body(problem);
	}

	@ExceptionHandler({ AccessDeniedException.class, AuthorizationDeniedException.class })
	ResponseEntity<Object> accessDenied(RuntimeException e) {
		return respond(problem(Problems.FORBIDDEN, "Your role does not allow this operation."));
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
		List<FieldProblem> errors = e.getConstraintViolations()
			.stream()
			.map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
			.toList();
		return respond(validation(errors));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
		return respond(validation(List.of(new FieldProblem(e.getName(), "has an invalid value '" + e.getValue() + "'"))));
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<Object> concurrentUpdate(OptimisticLockingFailureException e) {
		return respond(problem(Problems.CONFLICT, "Someone else changed this resource at the same time. Reload it and try again."));
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
		log.info("Rejected by a database constraint: {}", e.getMostSpecificCause().getMessage());
		return respond(problem(Problems.CONFLICT, "The request conflicts with existing data (a duplicate or a missing reference)."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception e) {
		String incident = UUID.randomUUID().toString();
		log.error("Unexpected error, incident {}", incident, e);
		ProblemDetail problem = problem(Problems.INTERNAL,
				"Something went wrong on our side. Try again; if it persists, report incident " + incident + ".");
		problem.setProperty("incident", incident);
		return respond(problem);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		for (FieldError error : e.getBindingResult().getFieldErrors()) {
			errors.add(new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage())));
		}
		e.getBindingResult()
			.getGlobalErrors()
			.forEach(error -> errors.add(new FieldProblem(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
		return respond(validation(errors));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof CirrusException cirrus) {
				// Such as the body cap (RequestBodyLimit) passed while a converter was reading.
				return cirrus(cirrus);
			}
		}
		if (e.getCause() instanceof DatabindException jackson && !jackson.getPath().isEmpty()) {
			String field = path(jackson.getPath());
			ProblemDetail problem = problem(Problems.MALFORMED_BODY,
					"Field '" + field + "' has a value of the wrong type or format.");
			problem.setProperty("errors", List.of(new FieldProblem(field, "has a value of the wrong type or format")));
			return respond(problem);
		}
		if (e.getCause() instanceof DatabindException) {
			return respond(problem(Problems.MALFORMED_BODY, "The request body is JSON of another shape than this "
					+ "operation takes (for example an array where an object is expected). See the operation in the API "
					+ "documentation (/v3/api-docs)."));
		}
		if (e.getCause() instanceof JacksonException jackson) {
			return respond(problem(Problems.MALFORMED_BODY, "The request body " + JsonInput.describe(jackson)
					+ ". Send a JSON document with Content-Type: application/json."));
		}
		return respond(problem(Problems.MALFORMED_BODY,
				"The request body is missing or is not valid JSON. Send a JSON document with Content-Type: application/json."));
	}

	/** Framework errors (404 route, 405, 415, ...) keep their status but get our shape. */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(status);
		if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
			problem.setType(URI.create(ProblemType.BASE + "http-" + status.value()));
		}
		return ResponseEntity.status(status).headers(headers).body(problem);
	}

	private static ProblemDetail validation(List<FieldProblem> errors) {
		String fields = String.join(", ", errors.stream().map(FieldProblem::field).distinct().toList());
		ProblemDetail problem = problem(Problems.VALIDATION,
				"Some fields are invalid: " + fields + ". Correct them and send the request again.");
		problem.setProperty("errors", errors);
		return problem;
	}

	static ProblemDetail problem(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		return problem;
	}

	private static ResponseEntity<Object> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String lastNode(String propertyPath) {
		int dot = propertyPath.lastIndexOf('.');
		return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
	}

}
