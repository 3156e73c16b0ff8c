package io.cirrus.app;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A stateful value an app keeps per device, updated by each event before the rules run, read by expressions as
 * {@code blocks.<id>}. The runtime keeps the state across restarts; a dry-run keeps it for the run.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({ @JsonSubTypes.Type(value = Block.Window.class, name = "window"),
		@JsonSubTypes.Type(value = Block.ForDuration.class, name = "for-duration"),
		@JsonSubTypes.Type(value = Block.Cooldown.class, name = "cooldown"),
		@JsonSubTypes.Type(value = Block.Absence.class, name = "absence") })
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Block {

	/** Its name in expressions: {@code blocks.<id>}. */
	String id();

	String kind();

	/**
	 * {@code avg}, {@code min}, {@code max}, {@code count} or {@code sum} of a key's readings over the last
	 * {@code window}: a number, NaN while no reading is in the window.
	 */
	record Window(String id, String key, String function, String window) implements Block {

		@Override
		public String kind() {
			return "window";
		}
	}

	/** True once {@code condition} has held for the period {@code for}, or for {@code readings} events in a row. */
	record ForDuration(String id, String condition, @JsonProperty("for") @Nullable String holdFor,
			@Nullable Integer readings) implements Block {

		@Override
		public String kind() {
			return "for-duration";
		}
	}

	/** Keeps the rules that name it quiet for {@code period} after they fired for a device; true while it does. */
	record Cooldown(String id, String period) implements Block {

		@Override
		public String kind() {
			return "cooldown";
		}
	}

	/**
	 * Raises an event of kind {@code absence} when a device sent no reading of {@code key} for {@code after}; true
	 * while the key stays absent.
	 */
	record Absence(String id, String key, String after) implements Block {

		@Override
		public String kind() {
			return "absence";
		}
	}
}
