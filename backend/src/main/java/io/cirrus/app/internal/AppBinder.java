package io.cirrus.app.internal;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.cirrus.app.Action;
import io.cirrus.app.AppDocument;
import io.cirrus.app.Block;
import io.cirrus.app.Trigger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a parsed document into the model. A document that matches the schema reads whole. One that does not is
 * read part by part (each setting, trigger, block, rule and action on its own), so that the expressions of the parts
 * that do read are still checked: the author sees every problem at once, not the schema's first and the rest later.
 */
final class AppBinder {

	private static final JsonMapper LENIENT = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private AppBinder() {
	}

	/**
	 * A document, whole or in part.
	 *
	 * @param complete         every part was read
	 * @param blocksComplete   every block was read (so an unknown block in an expression is really unknown)
	 * @param settingsComplete every setting was read
	 */
	record Bound(AppDocument document, boolean complete, boolean blocksComplete, boolean settingsComplete,
			Indexes indexes) {

		Bound(AppDocument document, boolean complete, boolean blocksComplete, boolean settingsComplete) {
			this(document, complete, blocksComplete, settingsComplete, Indexes.IDENTITY);
		}
	}

	/**
	 * Where the parts read stood in the document: a part that did not read leaves a gap, so the paths of problems
	 * found in the parts that did are mapped back to the author's indexes.
	 */
	record Indexes(@Nullable List<Integer> triggers, @Nullable List<Integer> blocks, @Nullable List<Integer> rules,
			@Nullable List<List<Integer>> actions) {

		static final Indexes IDENTITY = new Indexes(null, null, null, null);

		private static final Pattern PART = Pattern.compile("^\\$\\.(triggers|blocks|rules)\\[(\\d+)](.*)$", Pattern.DOTALL);

		private static final Pattern ACTION = Pattern.compile("^\\.actions\\[(\\d+)](.*)$", Pattern.DOTALL);

		String remap(String path) {
			if (this == IDENTITY) {
				return path;
			}
			Matcher part = PART.matcher(path);
			if (!part.matches()) {
				return path;
			}
			int bound = Integer.parseInt(part.group(2));
			String rest = part.group(3);
			List<Integer> original = switch (part.group(1)) {
				case "triggers" -> triggers;
				case "blocks" -> blocks;
				default -> rules;
			};
			int index = original == null || bound >= original.size() ? bound : original.get(bound);
			if (part.group(1).equals("rules") && actions != null && bound < actions.size()) {
				Matcher action = ACTION.matcher(rest);
				if (action.matches()) {
					int a = Integer.parseInt(action.group(1));
					List<Integer> originals = actions.get(bound);
					rest = ".actions[" + (a < originals.size() ? originals.get(a) : a) + "]" + action.group(2);
				}
			}
			return "$." + part.group(1) + "[" + index + "]" + rest;
		}
	}

	static @Nullable AppDocument whole(JsonNode tree) {
		try {
			return LENIENT.treeToValue(tree, AppDocument.class);
		}
		catch (JacksonException | IllegalArgumentException e) {
			return null;
		}
	}

	static Bound bind(JsonNode tree, boolean schemaValid) {
		if (schemaValid) {
			AppDocument whole = whole(tree);
			if (whole != null) {
				return new Bound(whole, true, true, true);
			}
		}
		Map<String, AppDocument.Setting> settings = new LinkedHashMap<>();
		boolean settingsComplete = true;
		if (tree.get("settings") instanceof JsonNode node && node.isObject()) {
			for (var entry : node.properties()) {
				AppDocument.Setting setting = read(entry.getValue(), AppDocument.Setting.class);
				if (setting == null || setting.type() == null) {
					settingsComplete = false;
				}
				else {
					settings.put(entry.getKey(), setting);
				}
			}
		}
		List<Integer> triggerIndexes = new ArrayList<>();
		List<Trigger> triggers = each(tree.get("triggers"), Trigger.class, triggerIndexes);
		List<Integer> blockIndexes = new ArrayList<>();
		List<Block> blocks = each(tree.get("blocks"), Block.class, blockIndexes);
		List<AppDocument.Rule> rules = new ArrayList<>();
		List<Integer> ruleIndexes = new ArrayList<>();
		List<List<Integer>> actionIndexes = new ArrayList<>();
		if (tree.get("rules") instanceof JsonNode node && node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				JsonNode rule = node.get(i);
				if (!rule.isObject()) {
					continue;
				}
				tools.jackson.databind.node.ObjectNode withoutActions = (tools.jackson.databind.node.ObjectNode) rule.deepCopy();
				withoutActions.remove("actions");
				AppDocument.Rule bare = read(withoutActions, AppDocument.Rule.class);
				if (bare != null) {
					List<Integer> actions = new ArrayList<>();
					rules.add(new AppDocument.Rule(bare.id(), bare.description(), bare.triggers(), bare.condition(),
							bare.cooldown(), each(rule.get("actions"), Action.class, actions)));
					ruleIndexes.add(i);
					actionIndexes.add(actions);
				}
			}
		}
		AppDocument.Permissions permissions = read(tree.get("permissions"), AppDocument.Permissions.class);
		String name = tree.get("name") instanceof JsonNode n && n.isString() ? n.asString() : "";
		String description = tree.get("description") instanceof JsonNode d && d.isString() ? d.asString() : null;
		boolean blocksComplete = size(tree.get("blocks")) == blocks.size();
		return new Bound(new AppDocument(name, description, settings, permissions, triggers, blocks, rules), false,
				blocksComplete, settingsComplete, new Indexes(triggerIndexes, blockIndexes, ruleIndexes, actionIndexes));
	}

	private static <T> List<T> each(@Nullable JsonNode array, Class<T> type, List<Integer> indexes) {
		List<T> items = new ArrayList<>();
		if (array != null && array.isArray()) {
			for (int i = 0; i < array.size(); i++) {
				T value = read(array.get(i), type);
				if (value != null) {
					items.add(value);
					indexes.add(i);
				}
			}
		}
		return items;
	}

	private static int size(@Nullable JsonNode array) {
		return array != null && array.isArray() ? array.size() : 0;
	}

	private static <T> @Nullable T read(@Nullable JsonNode node, Class<T> type) {
		if (node == null || node.isNull()) {
			return null;
		}
		try {
			T value = LENIENT.treeToValue(node, type);
			return value != null && complete(value) ? value : null;
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException e) {
			return null;
		}
	}

	/** Whether every component of a record that is not {@code @Nullable} has a value. */
	private static boolean complete(Object value) {
		if (!value.getClass().isRecord()) {
			return true;
		}
		try {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)
						&& component.getAccessor().invoke(value) == null) {
					return false;
				}
			}
			return true;
		}
		catch (ReflectiveOperationException e) {
			return false;
		}
	}
}
