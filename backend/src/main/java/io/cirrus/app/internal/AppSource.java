package io.cirrus.app.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cirrus.app.AppFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An app document as its author wrote it, parsed into a tree, with the line and column of every value and key by
 * path ({@code $.rules[0].condition}), so that every problem found later can point into the text.
 */
public final class AppSource {

	/** Longest document accepted, in characters. */
	public static final int MAX_CHARS = 256 * 1024;

	static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	/** Where something is in the text: 1-based line and column, 0-based character offset. */
	public record Position(int line, int column, int offset) {
	}

	private final AppFormat format;

	private final String text;

	private final JsonNode tree;

	private final Map<String, Position> values;

	private final Map<String, Position> keys;

	private AppSource(AppFormat format, String text, JsonNode tree, Map<String, Position> values,
			Map<String, Position> keys) {
		this.format = format;
		this.text = text;
		this.tree = tree;
		this.values = values;
		this.keys = keys;
	}

	/** Thrown when the text is not a JSON or YAML object. */
	public static final class SyntaxError extends Exception {

		private final @Nullable Position position;

		SyntaxError(String message, @Nullable Position position) {
			super(message);
			this.position = position;
		}

		public @Nullable Position position() {
			return position;
		}
	}

	public static AppSource parse(String text, AppFormat format) throws SyntaxError {
		if (text.length() > MAX_CHARS) {
			throw new SyntaxError("The document has " + text.length() + " characters; at most " + MAX_CHARS
					+ " are accepted.", null);
		}
		if (text.isBlank()) {
			throw new SyntaxError("The document is empty: write the app as a JSON object or a YAML mapping.", null);
		}
		ObjectMapper mapper = format == AppFormat.YAML ? YAML : JSON;
		Map<String, Position> values = new HashMap<>();
		Map<String, Position> keys = new HashMap<>();
		JsonNode tree;
		try {
			tree = mapper.readTree(text);
			index(mapper, text, values, keys);
		}
		catch (JacksonException e) {
			TokenStreamLocation at = e.getLocation();
			Position position = at == null || at.getLineNr() < 1 ? null
					: new Position(at.getLineNr(), Math.max(1, at.getColumnNr()), (int) Math.max(0, at.getCharOffset()));
			throw new SyntaxError("Not valid " + format.label() + ": " + e.getOriginalMessage(), position);
		}
		if (tree == null || !tree.isObject()) {
			throw new SyntaxError("The document must be a " + (format == AppFormat.YAML ? "YAML mapping" : "JSON object")
					+ " with name, triggers and rules.", new Position(1, 1, 0));
		}
		return new AppSource(format, text, tree, values, keys);
	}

	/** One pass over the tokens: the position of every value and key by its path. */
	private static void index(ObjectMapper mapper, String text, Map<String, Position> values,
			Map<String, Position> keys) {
		record Frame(String path, boolean array, int[] index, String[] field) {
		}
		Deque<Frame> stack = new ArrayDeque<>();
		try (JsonParser parser = mapper.createParser(text)) {
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				TokenStreamLocation at = parser.currentTokenLocation();
				Position position = new Position(at.getLineNr(), at.getColumnNr(), (int) at.getCharOffset());
				Frame top = stack.peek();
				if (token == JsonToken.PROPERTY_NAME) {
					top.field()[0] = parser.currentName();
					keys.putIfAbsent(child(top.path(), parser.currentName()), position);
					continue;
				}
				if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
					stack.pop();
					continue;
				}
				String path;
				if (top == null) {
					path = "$";
				}
				else if (top.array()) {
					path = top.path() + "[" + top.index()[0]++ + "]";
				}
				else {
					path = child(top.path(), top.field()[0]);
				}
				values.putIfAbsent(path, position);
				if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
					stack.push(new Frame(path, token == JsonToken.START_ARRAY, new int[1], new String[1]));
				}
			}
		}
	}

	/** The document's name when the text parses and has one, whatever else is wrong with it. */
	public static @Nullable String nameOf(String text, AppFormat format) {
		try {
			JsonNode name = parse(text, format).tree().get("name");
			return name != null && name.isString() ? name.asString() : null;
		}
		catch (SyntaxError e) {
			return null;
		}
	}

	static String child(String path, String name) {
		return path + "." + name;
	}

	public AppFormat format() {
		return format;
	}

	public String text() {
		return text;
	}

	public JsonNode tree() {
		return tree;
	}

	/** The position of the value at the path, else of its key, else of the nearest enclosing value. */
	public @Nullable Position locate(String path) {
		String at = path;
		while (true) {
			Position found = values.get(at);
			if (found == null) {
				found = keys.get(at);
			}
			if (found != null) {
				return found;
			}
			int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
			if (cut <= 0) {
				return values.get("$");
			}
			at = at.substring(0, cut);
		}
	}

	/** The position of the key of a member, else {@link #locate}. */
	public @Nullable Position locateKey(String path) {
		Position key = keys.get(path);
		return key != null ? key : locate(path);
	}

	/**
	 * Where a character of a string value lies in the text: {@code offset} counts from the start of the value as the
	 * author meant it (inside quotes; inside a YAML block scalar, after its indentation). Approximate where escapes
	 * precede the offset in a quoted string.
	 */
	public @Nullable Position locateInside(String path, int offset) {
		Position start = values.get(path);
		if (start == null) {
			return locate(path);
		}
		int at = start.offset();
		if (at >= text.length()) {
			return start;
		}
		char first = text.charAt(at);
		if (first == '"' || first == '\'') {
			return advance(at + 1, offset);
		}
		if (format == AppFormat.YAML && (first == '|' || first == '>')) {
			int lineEnd = text.indexOf('\n', at);
			if (lineEnd < 0) {
				return start;
			}
			int contentStart = lineEnd + 1;
			int indent = 0;
			while (contentStart + indent < text.length() && text.charAt(contentStart + indent) == ' ') {
				indent++;
			}
			// Walk the value's characters, skipping each line's indentation.
			int pos = contentStart + indent;
			for (int i = 0; i < offset && pos < text.length(); i++) {
				if (text.charAt(pos) == '\n') {
					pos += 1 + indent;
				}
				else {
					pos++;
				}
			}
			return position(Math.min(pos, text.length()));
		}
		return advance(at, offset);
	}

	private Position advance(int from, int offset) {
		int pos = from;
		for (int i = 0; i < offset && pos < text.length(); i++) {
			pos += text.charAt(pos) == '\\' && format == AppFormat.JSON ? 2 : 1;
		}
		return position(Math.min(pos, text.length()));
	}

	private Position position(int offset) {
		int line = 1;
		int lineStart = 0;
		for (int i = 0; i < offset; i++) {
			if (text.charAt(i) == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		return new Position(line, offset - lineStart + 1, offset);
	}
}
