package io.cirrus.shared.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

import io.cirrus.shared.ProblemType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem document straight to a servlet response, for errors raised before a controller runs (the
 * security filters' 401 and 403, authentication of devices), or as bytes for endpoints outside the servlet stack.
 * Same shape as the API's other problems.
 */
public final class ProblemResponses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemResponses() {
	}

	public static void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
			throws IOException {
		write(request, response, type, detail, Map.of());
	}

	public static void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail,
			Map<String, ?> properties) throws IOException {
		response.setStatus(type.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(document(type, detail, request.getRequestURI(), properties));
	}

	/** The problem document (UTF-8 JSON) for endpoints outside the servlet stack (the device endpoint on Netty). */
	public static byte[] document(ProblemType type, String detail, String instance, Map<String, ?> properties) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", type.uri().toString());
		problem.put("title", type.title());
		problem.put("status", type.status().value());
		problem.put("detail", detail);
		problem.put("instance", instance);
		problem.putAll(properties);
		return JSON.writeValueAsBytes(problem);
	}
}
