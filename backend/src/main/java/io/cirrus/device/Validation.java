package io.cirrus.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.cirrus.device.internal.DeviceStore;
import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Problems;

/** Collects invalid fields and answers them together as one 400 (the API's validation problem shape). */
final class Validation {

	static final Pattern TAG = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	static final int MAX_TAGS = 50;

	static final int MAX_METADATA_BYTES = 16 * 1024;

	private final List<Map<String, String>> errors = new ArrayList<>();

	void reject(String field, String message) {
		errors.add(Map.of("field", field, "message", message));
	}

	boolean hasErrors() {
		return !errors.isEmpty();
	}

	List<Map<String, String>> errors() {
		return List.copyOf(errors);
	}

	void throwIfInvalid() {
		if (errors.isEmpty()) {
			return;
		}
		String fields = String.join(", ", errors.stream().map(e -> e.get("field")).distinct().toList());
		Map<String, String> first = errors.getFirst();
		throw new CirrusException(Problems.VALIDATION, "Some fields are invalid: " + fields + ". " + first.get("field")
				+ " " + first.get("message") + ".", Map.of("errors", errors()));
	}

	String name(String field, @Nullable String value, int max) {
		if (value == null || value.isBlank()) {
			reject(field, "must not be blank");
			return "";
		}
		String name = value.strip();
		if (name.length() > max) {
			reject(field, "must be at most " + max + " characters");
		}
		if (name.chars().anyMatch(Character::isISOControl)) {
			reject(field, "must not contain control characters");
		}
		return name;
	}

	List<String> tags(String field, @Nullable List<String> value) {
		if (value == null) {
			return List.of();
		}
		TreeSet<String> tags = new TreeSet<>();
		for (String tag : value) {
			if (tag == null || !TAG.matcher(tag.strip()).matches()) {
				reject(field, "'" + tag + "' is not a tag: use 1 to 64 letters, digits, '.', '_' or '-'");
			}
			else {
				tags.add(tag.strip());
			}
		}
		if (tags.size() > MAX_TAGS) {
			reject(field, "must be at most " + MAX_TAGS + " tags");
		}
		return List.copyOf(tags);
	}

	Map<String, Object> metadata(String field, @Nullable Map<String, Object> value) {
		if (value == null) {
			return Map.of();
		}
		if (DeviceStore.json(value).length() > MAX_METADATA_BYTES) {
			reject(field, "must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
		}
		return new LinkedHashMap<>(value);
	}
}
