package io.cirrus.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a rule does when its condition holds. Texts are templates: {@code {{ expression }}} placeholders, each a CEL
 * expression over the same variables as conditions. An app may run only the kinds its permissions name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({ @JsonSubTypes.Type(value = Action.Notify.class, name = "notify"),
		@JsonSubTypes.Type(value = Action.Webhook.class, name = "webhook"),
		@JsonSubTypes.Type(value = Action.Command.class, name = "command"),
		@JsonSubTypes.Type(value = Action.SetDevice.class, name = "set-device"),
		@JsonSubTypes.Type(value = Action.Emit.class, name = "emit"),
		@JsonSubTypes.Type(value = Action.Invoke.class, name = "invoke") })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public sealed interface Action {

	/** The permission it needs, as {@code permissions.actions} names it. */
	String kind();

	/** A notification to recipients and/or a target expression, on channels (inbox when none), at a priority. */
	record Notify(List<String> recipients, @Nullable String target, List<String> channels, @Nullable String priority,
			String title, @Nullable String body, @Nullable String link) implements Action {

		public Notify {
			recipients = recipients == null ? List.of() : List.copyOf(recipients);
			channels = channels == null || channels.isEmpty() ? List.of("inbox") : List.copyOf(channels);
		}

		@Override
		public String kind() {
			return "notify";
		}
	}

	/** An HTTP call (POST when no method) to a host the permissions name, within a timeout (10 s when none). */
	record Webhook(String url, @Nullable String method, Map<String, String> headers, @Nullable String body,
			@Nullable String timeout) implements Action {

		public Webhook {
			headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
		}

		@Override
		public String kind() {
			return "webhook";
		}
	}

	/** A command to the event's device, or to {@code device}; expires after {@code ttl} (5 minutes when none). */
	record Command(@Nullable String device, String name, Map<String, String> params, @Nullable String ttl)
			implements Action {

		public Command {
			params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
		}

		@Override
		public String kind() {
			return "command";
		}
	}

	/** Tags added and removed, metadata set, on the event's device or on {@code device}. */
	record SetDevice(@Nullable String device, List<String> addTags, List<String> removeTags,
			Map<String, String> metadata) implements Action {

		public SetDevice {
			addTags = addTags == null ? List.of() : List.copyOf(addTags);
			removeTags = removeTags == null ? List.of() : List.copyOf(removeTags);
			metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
		}

		@Override
		public String kind() {
			return "set-device";
		}
	}

	/** Derived telemetry: {@code key} on the event's device, its value a CEL expression. */
	record Emit(String key, String value) implements Action {

		@Override
		public String kind() {
			return "emit";
		}
	}

	/** Invokes another app of the tenant (by name or id) through its http trigger with a payload. */
	record Invoke(String app, Map<String, String> payload) implements Action {

		public Invoke {
			payload = payload == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
		}

		@Override
		public String kind() {
			return "invoke";
		}
	}
}
