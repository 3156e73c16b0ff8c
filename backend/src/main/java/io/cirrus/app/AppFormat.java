package io.cirrus.app;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an app document is written. The API takes either; the stored version keeps the author's text. */
public enum AppFormat {

	JSON("JSON", "application/json"), YAML("YAML", "application/yaml");

	private final String label;

	private final String mediaType;

	AppFormat(String label, String mediaType) {
		this.label = label;
		this.mediaType = mediaType;
	}

	public String label() {
		return label;
	}

	public String mediaType() {
		return mediaType;
	}

	@JsonValue
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** From a request's content type; YAML for the YAML media types, JSON for JSON, else by looking at the text. */
	public static AppFormat of(@Nullable String contentType, String text) {
		String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
		if (type.contains("yaml")) {
			return YAML;
		}
		if (type.contains("json")) {
			return JSON;
		}
		return text.stripLeading().startsWith("{") ? JSON : YAML;
	}

	public static AppFormat parse(String value) {
		return valueOf(value.strip().toUpperCase(Locale.ROOT));
	}
}
