package io.cirrus.identity.internal;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * Makes every operation's error answers what {@code ProblemDetailsAdvice} sends: one {@code Problem} schema (RFC 9457
 * with {@code errors[]}) under {@code application/problem+json} for every 4xx and 5xx response, the answers every
 * operation can give (400 with parameters or a body, 401 unless public, 404 with a path variable) and a
 * {@code Location} header on every 201. Runs after the other customizers, so their security settings count.
 */
class ProblemResponsesCustomizer implements OpenApiCustomizer, Ordered {

	static final String PROBLEM_JSON = "application/problem+json";

	static final String PROBLEM_SCHEMA = "Problem";

	@Override
	public void customise(OpenAPI openApi) {
		Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
		openApi.setComponents(components.addSchemas(PROBLEM_SCHEMA, problemSchema()));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
			.forEach((method, operation) -> customise(path, method, operation, openApi)));
	}

	private static void customise(String path, PathItem.HttpMethod method, Operation operation, OpenAPI openApi) {
		ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
		operation.setResponses(responses);
		boolean hasInput = operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty());
		if (hasInput) {
			responses.putIfAbsent("400", new ApiResponse().description("Bad input; errors names each field"));
		}
		List<?> security = operation.getSecurity() != null ? operation.getSecurity() : openApi.getSecurity();
		if (security != null && !security.isEmpty()) {
			responses.putIfAbsent("401", new ApiResponse().description("No valid token"));
		}
		if (path.contains("{")) {
			responses.putIfAbsent("404", new ApiResponse().description("Not found in the caller's tenant"));
		}
		responses.forEach((code, response) -> {
			if (code.startsWith("4") || code.startsWith("5")) {
				response.setContent(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
			}
			else if (code.equals("201") && (response.getHeaders() == null || !response.getHeaders().containsKey("Location"))) {
				response.addHeaderObject("Location", new Header().description("The URL of what was created")
					.schema(new StringSchema().format("uri-reference")));
			}
		});
		// Sorted by code, so the document reads success first.
		ApiResponses sorted = new ApiResponses();
		responses.keySet().stream().sorted().forEach(code -> sorted.addApiResponse(code, responses.get(code)));
		operation.setResponses(sorted);
	}

	private static Schema<?> problemSchema() {
		Schema<?> fieldProblem = new ObjectSchema()
			.addProperty("field", new StringSchema().description("The field, e.g. widgets[0].keys"))
			.addProperty("message", new StringSchema().description("What is wrong with it and what to do"))
			.required(List.of("field", "message"));
		return new ObjectSchema().description("An RFC 9457 problem document")
			.addProperty("type", new StringSchema().format("uri-reference").description("Stable identifier of the kind of problem"))
			.addProperty("title", new StringSchema().description("Short summary of the kind of problem"))
			.addProperty("status", new IntegerSchema().description("The HTTP status code"))
			.addProperty("detail", new StringSchema().description("What happened and what to do"))
			.addProperty("instance", new StringSchema().format("uri-reference").description("The request path"))
			.addProperty("errors", new ArraySchema().items(fieldProblem).description("Each invalid field (bad input only)"))
			.required(List.of("type", "title", "status"));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
