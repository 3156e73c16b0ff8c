package io.cirrus.app.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;

import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;
import tools.jackson.databind.JsonNode;

/**
 * The app document's JSON Schema (draft 2020-12, {@code io/cirrus/app/app.schema.json}), the one definition of its
 * shape: served to clients and editors, and checked with networknt's validator, every error at once, each at its
 * path and position.
 */
public final class AppSchema {

	static final String RESOURCE = "/io/cirrus/app/app.schema.json";

	private static final AppSchema INSTANCE = new AppSchema();

	private final String text;

	private final Schema schema;

	private AppSchema() {
		try (InputStream in = AppSchema.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("The app schema " + RESOURCE + " is missing from the class path");
			}
			this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.formatAssertionsEnabled(true)
			// Patterns say what they mean ("must be a duration such as 5m") instead of showing the regex.
			.errorMessageKeyword("errorMessage")
			.locale(Locale.ENGLISH)
			.pathType(PathType.JSON_PATH)
			.build();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				builder -> builder.schemaRegistryConfig(config));
		this.schema = registry.getSchema(text, InputFormat.JSON);
	}

	public static AppSchema get() {
		return INSTANCE;
	}

	/** The schema as served at {@code /api/v1/apps/schema}. */
	public String text() {
		return text;
	}

	/** Every schema error of the document, at its path and position; none when it matches. */
	List<AppProblem> check(AppSource source) {
		List<Error> errors = schema.validate(source.tree());
		Set<String> seen = new LinkedHashSet<>();
		List<AppProblem> problems = new ArrayList<>();
		for (Error error : errors) {
			String keyword = error.getKeyword();
			// if/then and oneOf/anyOf wrappers restate what their branches already said.
			if ("if".equals(keyword) || "then".equals(keyword) || "allOf".equals(keyword)) {
				continue;
			}
			// A branch of oneOf says less than oneOf's own error; anyOf has none, so its branches speak for it, once.
			String location = error.getSchemaLocation().toString();
			boolean anyOfBranch = location.contains("/anyOf/");
			if (location.contains("/oneOf/") && !"oneOf".equals(keyword)) {
				continue;
			}
			String path = path(error.getInstanceLocation());
			String target = "additionalProperties".equals(keyword) && error.getProperty() != null
					? AppSource.child(path, error.getProperty()) : path;
			String message = anyOfBranch ? alternatives(error) : message(error, keyword);
			if (!seen.add(target + "\n" + message)) {
				continue;
			}
			AppSource.Position at = "additionalProperties".equals(keyword) ? source.locateKey(target)
					: source.locate(target);
			AppProblem problem = AppProblem.error(Code.SCHEMA, target, message);
			problems.add(at == null ? problem : problem.at(at.line(), at.column()));
		}
		return problems;
	}

	private static String message(Error error, String keyword) {
		JsonNode node = error.getInstanceNode();
		return switch (keyword) {
			case "additionalProperties" -> "Unknown field '" + error.getProperty() + "': remove it or check its spelling.";
			case "required" -> "Missing field '" + error.getProperty() + "'.";
			case "enum", "const" -> "'" + abbreviate(node) + "' is not allowed here: use " + allowed(error) + ".";
			case "oneOf", "anyOf" -> alternatives(error);
			case "format" -> "'" + abbreviate(node) + "' is not " + switch (String.valueOf(error.getArguments().length > 0 ? error.getArguments()[0] : "")) {
				case "uuid" -> "a device id (a UUID such as 0b5e4a4e-8c1f-4d8e-9a53-2f0f3b1f6c11)";
				case "date-time" -> "a time (ISO-8601 such as 2026-12-24T18:00:00Z)";
				default -> "in the expected format";
			} + ".";
			default -> capitalize(strip(error.getMessage())) + ".";
		};
	}

	private static String alternatives(Error error) {
		String schema = error.getSchemaLocation().toString();
		if (schema.contains("scheduleTrigger")) {
			return "A schedule needs exactly one of every (a period), at (a time) or cron.";
		}
		if (schema.contains("forDurationBlock")) {
			return "A for-duration block needs exactly one of for (a period) or readings (a count).";
		}
		if (schema.contains("notifyAction")) {
			return "A notify action needs recipients, a target expression, or both.";
		}
		if (schema.contains("setDeviceAction")) {
			return "A set-device action needs addTags, removeTags or metadata.";
		}
		return capitalize(strip(error.getMessage())) + ".";
	}

	private static String allowed(Error error) {
		JsonNode values = error.getSchemaNode();
		if (values != null && values.isArray()) {
			List<String> names = new ArrayList<>();
			values.forEach(v -> names.add(v.isString() ? v.asString() : v.toString()));
			return names.size() == 1 ? names.getFirst() : "one of " + String.join(", ", names);
		}
		if (values != null && values.isString()) {
			return values.asString();
		}
		return strip(error.getMessage());
	}

	/** The message without the instance path networknt puts in front. */
	private static String strip(String message) {
		int colon = message.indexOf(": ");
		String text = message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
		return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
	}

	private static String capitalize(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	private static String abbreviate(JsonNode node) {
		String text = node == null ? "null" : node.isString() ? node.asString() : node.toString();
		return text.length() > 60 ? text.substring(0, 57) + "..." : text;
	}

	/** {@code $.rules[0].condition}, the form positions are indexed by. */
	static String path(NodePath location) {
		StringBuilder path = new StringBuilder("$");
		for (int i = 0; i < location.getNameCount(); i++) {
			Object element = location.getElement(i);
			if (element instanceof Number index) {
				path.append('[').append(index.intValue()).append(']');
			}
			else {
				path.append('.').append(element);
			}
		}
		return path.toString();
	}
}
