package io.cirrus.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An app as its author writes it (JSON or YAML, published as a JSON Schema at {@code /api/v1/apps/schema}): triggers
 * select the events the app sees, stateful blocks remember what happened per device, rules test a CEL condition and
 * run actions, all within the permissions the app declares. One document is one version; versions never change.
 *
 * @param name        unique within the tenant
 * @param description what it is for
 * @param settings    named values the expressions and templates read as {@code app.settings.<name>}
 * @param permissions the devices it may read, the action kinds it may run, the hosts it may call
 * @param triggers    where its events come from
 * @param blocks      stateful values, kept per device
 * @param rules       condition and actions
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({ "name", "description", "settings", "permissions", "triggers", "blocks", "rules" })
public record AppDocument(String name, @Nullable String description, Map<String, Setting> settings,
		Permissions permissions, List<Trigger> triggers, List<Block> blocks, List<Rule> rules) {

	public AppDocument {
		settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
		permissions = permissions == null ? Permissions.NONE : permissions;
		triggers = triggers == null ? List.of() : List.copyOf(triggers);
		blocks = blocks == null ? List.of() : List.copyOf(blocks);
		rules = rules == null ? List.of() : List.copyOf(rules);
	}

	/**
	 * A named value of a declared type.
	 *
	 * @param type        {@code number}, {@code integer}, {@code string}, {@code boolean} or {@code list} (of strings)
	 * @param value       the value, of that type
	 * @param description what it means
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Setting(String type, @Nullable Object value, @Nullable String description) {
	}

	/**
	 * What the app may do, and nothing more (least privilege).
	 *
	 * @param devices      the devices it may read; none when absent, every device of the tenant when empty
	 * @param actions      the action kinds it may run
	 * @param webhookHosts the hosts (optionally with a port) its webhook actions may call
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Permissions(@Nullable DeviceSelector devices, List<String> actions, List<String> webhookHosts) {

		static final Permissions NONE = new Permissions(null, List.of(), List.of());

		public Permissions {
			actions = actions == null ? List.of() : List.copyOf(actions);
			webhookHosts = webhookHosts == null ? List.of() : List.copyOf(webhookHosts);
		}
	}

	/**
	 * Devices: any of the ids, carrying all of the tags, of any of the profiles (by name or id). Empty, it selects
	 * every device of the tenant.
	 */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record DeviceSelector(List<String> ids, List<String> tags, List<String> profiles) {

		public static final DeviceSelector ALL = new DeviceSelector(List.of(), List.of(), List.of());

		public DeviceSelector {
			ids = ids == null ? List.of() : List.copyOf(ids);
			tags = tags == null ? List.of() : List.copyOf(tags);
			profiles = profiles == null ? List.of() : List.copyOf(profiles);
		}

		public boolean selectsAll() {
			return ids.isEmpty() && tags.isEmpty() && profiles.isEmpty();
		}
	}

	/**
	 * A condition and the actions it runs.
	 *
	 * @param id          names it in traces
	 * @param description what it is for
	 * @param triggers    the ids of the triggers (or absence blocks) it answers; all when empty
	 * @param condition   a CEL expression of type bool; always true when absent
	 * @param cooldown    the id of a cooldown block that keeps it quiet after it fired
	 * @param actions     what it does when the condition holds
	 */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	@JsonPropertyOrder({ "id", "description", "triggers", "condition", "cooldown", "actions" })
	public record Rule(String id, @Nullable String description, List<String> triggers, @Nullable String condition,
			@Nullable String cooldown, List<Action> actions) {

		public Rule {
			triggers = triggers == null ? List.of() : List.copyOf(triggers);
			actions = actions == null ? List.of() : List.copyOf(actions);
		}
	}
}
