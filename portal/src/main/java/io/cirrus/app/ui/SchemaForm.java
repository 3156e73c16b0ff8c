package io.cirrus.app.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

import io.cirrus.app.AppProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The designer's form, drawn from the app document's JSON Schema: every field the schema declares, in its order,
 * with its description as help; the fields of a trigger, block or action follow its kind. It edits a JSON tree in
 * place and says when it changed, so the YAML beside it follows; problems of a validation show on the field at their
 * path, an expression's with a caret at the offset. New fields in the schema appear here without code.
 */
class SchemaForm extends Div {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Top-level sections, in the order the form shows them. */
	private static final List<String> SECTIONS = List.of("settings", "permissions", "triggers", "blocks", "rules");

	private final JsonNode schema;

	private final JsonNode defs;

	private final Runnable changed;

	private final boolean editable;

	private ObjectNode root = NODES.objectNode();

	/** The field editing each path, for problems. */
	private final Map<String, Component> fields = new HashMap<>();

	/** Under each expression field: where its error is drawn. */
	private final Map<String, Div> carets = new HashMap<>();

	SchemaForm(String schemaText, boolean editable, Runnable changed) {
		this.schema = JSON.readTree(schemaText);
		this.defs = schema.get("$defs");
		this.changed = changed;
		this.editable = editable;
		addClassName("app-form");
		setId("app-form");
	}

	/**
	 * The document as the form holds it, its properties in the schema's order (a field filled in late still reads in
	 * its place), without the empty device selectors of triggers (the same as none).
	 */
	ObjectNode document() {
		ObjectNode copy = root.deepCopy();
		order(copy, schema);
		for (String list : List.of("triggers")) {
			copy.path(list).forEach(item -> {
				if (item instanceof ObjectNode object && object.get("devices") instanceof ObjectNode devices && devices.isEmpty()) {
					object.remove("devices");
				}
			});
		}
		return copy;
	}

	/** Shows a document (the form is drawn anew). */
	void show(ObjectNode document) {
		this.root = document;
		render();
	}

	private void render() {
		removeAll();
		fields.clear();
		carets.clear();
		Div general = section("General", "form-general");
		JsonNode properties = schema.get("properties");
		general.add(field("$.name", root, "name", properties.get("name"), true));
		general.add(field("$.description", root, "description", properties.get("description"), false));
		add(general);
		for (String name : SECTIONS) {
			JsonNode property = properties.get(name);
			Div section = section(label(name), "form-" + name);
			if (property.has("description")) {
				section.add(help(property.get("description").asString()));
			}
			switch (name) {
				case "settings" -> settings(section);
				case "permissions" -> permissions(section);
				default -> items(section, "$." + name, root, name, ref(property.get("items")));
			}
			add(section);
		}
	}

	/** Puts an object's properties in the order its schema declares them, and those of its parts likewise. */
	private void order(ObjectNode node, JsonNode shape) {
		JsonNode properties = shape.path("properties");
		Map<String, JsonNode> entries = new LinkedHashMap<>();
		node.properties().forEach(p -> entries.put(p.getKey(), p.getValue()));
		node.removeAll();
		for (String name : properties.propertyNames()) {
			JsonNode value = entries.remove(name);
			if (value != null) {
				node.set(name, value);
				part(value, properties.get(name));
			}
		}
		entries.forEach(node::set);
	}

	private void part(JsonNode value, JsonNode propertySchema) {
		String ref = refName(propertySchema);
		if (value instanceof ObjectNode object && ref != null) {
			order(object, defs.get(ref));
		}
		else if (value instanceof ObjectNode object && propertySchema.get("additionalProperties") instanceof JsonNode each
				&& refName(each) != null) {
			object.forEach(member -> part(member, each));
		}
		else if (value instanceof ArrayNode array && refName(propertySchema.get("items")) instanceof String item) {
			for (JsonNode element : array) {
				if (element instanceof ObjectNode object) {
					JsonNode base = defs.get(item);
					JsonNode branch = base.has("allOf") ? branch(base, object.path("kind").asString("")) : base;
					order(object, branch == null ? base : branch);
				}
			}
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// sections

	private void settings(Div section) {
		ObjectNode settings = root.get("settings") instanceof ObjectNode o ? o : null;
		Div rows = new Div();
		rows.addClassName("form-rows");
		if (settings != null) {
			for (String name : new ArrayList<>(settings.propertyNames())) {
				rows.add(setting(settings, name));
			}
		}
		section.add(rows);
		if (editable) {
			Button add = new Button("Add setting", VaadinIcon.PLUS.create(), e -> {
				ObjectNode all = root.get("settings") instanceof ObjectNode o ? o : root.putObject("settings");
				String name = unique("setting", all.propertyNames());
				all.putObject(name).put("type", "number").put("value", 0);
				edited(true);
			});
			add.setId("add-setting");
			add.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
			section.add(add);
		}
	}

	private Component setting(ObjectNode settings, String name) {
		String path = "$.settings." + name;
		ObjectNode setting = (ObjectNode) settings.get(name);
		Div row = new Div();
		row.addClassName("form-row");
		TextField key = new TextField("Name");
		key.setValue(name);
		key.setReadOnly(!editable);
		key.addValueChangeListener(e -> {
			if (!e.getValue().isBlank() && !settings.has(e.getValue().strip())) {
				rename(settings, name, e.getValue().strip());
				edited(true);
			}
		});
		Select<String> type = new Select<>();
		type.setLabel("Type");
		type.setItems("number", "integer", "string", "boolean", "list");
		type.setValue(setting.path("type").asString("number"));
		type.setReadOnly(!editable);
		TextField value = new TextField("Value");
		value.setValue(text(setting.get("value")));
		value.setReadOnly(!editable);
		value.setValueChangeMode(ValueChangeMode.LAZY);
		register(path + ".value", value);
		type.addValueChangeListener(e -> {
			setting.put("type", e.getValue());
			setting.set("value", typed(e.getValue(), value.getValue()));
			edited(false);
		});
		value.addValueChangeListener(e -> {
			setting.set("value", typed(type.getValue(), e.getValue()));
			edited(false);
		});
		row.add(key, type, value);
		if (editable) {
			row.add(remove("Remove setting " + name, () -> settings.remove(name)));
		}
		return row;
	}

	private void permissions(Div section) {
		ObjectNode permissions = root.get("permissions") instanceof ObjectNode o ? o : root.putObject("permissions");
		JsonNode def = defs.get("permissions");
		Checkbox reads = new Checkbox("The app reads devices");
		reads.setId("permission-devices");
		reads.setValue(permissions.has("devices"));
		reads.setReadOnly(!editable);
		Div devices = new Div();
		devices.addClassName("form-nested");
		if (permissions.get("devices") instanceof ObjectNode selector) {
			selector(devices, "$.permissions.devices", selector);
		}
		reads.addValueChangeListener(e -> {
			if (e.getValue()) {
				permissions.putObject("devices");
			}
			else {
				permissions.remove("devices");
			}
			edited(true);
		});
		section.add(reads, help(def.get("properties").get("devices").has("description")
				? def.get("properties").get("devices").get("description").asString()
				: "An empty selector grants every device of the tenant."), devices);
		section.add(field("$.permissions.actions", permissions, "actions", def.get("properties").get("actions"), false));
		section.add(field("$.permissions.webhookHosts", permissions, "webhookHosts", def.get("properties").get("webhookHosts"), false));
		register("$.permissions", section);
	}

	/** An array of triggers, blocks, rules or actions: a card each, and a button to add one. */
	private void items(Div section, String path, ObjectNode parent, String name, String def) {
		ArrayNode array = parent.get(name) instanceof ArrayNode a ? a : null;
		Div cards = new Div();
		cards.addClassName("form-cards");
		if (array != null) {
			for (int i = 0; i < array.size(); i++) {
				if (array.get(i) instanceof ObjectNode item) {
					cards.add(card(path + "[" + i + "]", array, i, item, def));
				}
			}
		}
		section.add(cards);
		register(path, section);
		if (editable) {
			String singular = singular(name);
			Button add = new Button("Add " + singular, VaadinIcon.PLUS.create(), e -> {
				ArrayNode all = parent.get(name) instanceof ArrayNode a ? a : parent.putArray(name);
				all.add(template(def, all));
				edited(true);
			});
			add.setId("add-" + singular.replace(' ', '-') + (path.contains(".actions") ? "-" + path.replaceAll("[^0-9]", "") : ""));
			add.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
			section.add(add);
		}
	}

	private Component card(String path, ArrayNode array, int index, ObjectNode item, String def) {
		Div card = new Div();
		card.addClassName("form-card");
		card.setId(id(path));
		String kind = item.path("kind").asString("");
		H3 title = new H3(capitalize(singular(def)) + " " + (index + 1) + (item.has("id") ? " · " + item.get("id").asString() : ""));
		Div head = new Div(title);
		head.addClassName("form-card-head");
		if (editable) {
			head.add(remove("Remove " + singular(def) + " " + (index + 1), () -> array.remove(index)));
		}
		card.add(head);
		JsonNode base = defs.get(def);
		JsonNode kinds = base.path("properties").path("kind").path("enum");
		JsonNode shape = base;
		if (kinds.isArray()) {
			Select<String> kindSelect = new Select<>();
			kindSelect.setLabel("Kind");
			List<String> options = new ArrayList<>();
			kinds.forEach(k -> options.add(k.asString()));
			kindSelect.setItems(options);
			kindSelect.setValue(options.contains(kind) ? kind : null);
			kindSelect.setReadOnly(!editable);
			kindSelect.setId(id(path + ".kind"));
			register(path + ".kind", kindSelect);
			kindSelect.addValueChangeListener(e -> {
				if (e.getValue() == null || e.getValue().equals(kind)) {
					return;
				}
				ObjectNode fresh = fresh(def, e.getValue(), item);
				array.set(index, fresh);
				edited(true);
			});
			card.add(kindSelect);
			shape = branch(base, kind);
		}
		if (shape == null) {
			return card;
		}
		Set<String> required = required(shape);
		Div body = new Div();
		body.addClassName("form-card-body");
		for (var property : shape.path("properties").properties()) {
			String name = property.getKey();
			if (name.equals("kind")) {
				continue;
			}
			JsonNode propertySchema = property.getValue();
			String at = path + "." + name;
			String target = refName(propertySchema);
			if ("selector".equals(target)) {
				Div nested = new Div(new Span(label(name)));
				nested.addClassName("form-nested");
				// Written while empty too (the same as absent: all the permitted devices); the document leaves it out.
				ObjectNode selector = item.get(name) instanceof ObjectNode o ? o : item.putObject(name);
				selector(nested, at, selector);
				body.add(nested);
			}
			else if (propertySchema.path("type").asString("").equals("array") && refName(propertySchema.get("items")) != null
					&& defs.get(refName(propertySchema.get("items"))).has("allOf")) {
				Div nested = new Div(new H4(label(name)));
				nested.addClassName("form-nested");
				items(nested, at, item, name, refName(propertySchema.get("items")));
				body.add(nested);
			}
			else {
				body.add(field(at, item, name, propertySchema, required.contains(name)));
			}
		}
		card.add(body);
		return card;
	}

	/** A selector's ids, tags and profiles as lists; removed from its parent while all three are empty. */
	private void selector(Div container, String path, ObjectNode selector) {
		JsonNode def = defs.get("selector");
		for (String name : List.of("tags", "profiles", "ids")) {
			container.add(field(path + "." + name, selector, name, def.get("properties").get(name), false));
		}
	}


	// ---------------------------------------------------------------------------------------------------------
	// fields

	/** A field for one property, chosen by its schema. */
	private Component field(String path, ObjectNode parent, String name, JsonNode propertySchema, boolean required) {
		JsonNode resolved = resolve(propertySchema);
		String ref = refName(propertySchema);
		if (resolved.has("enum")) {
			return choice(path, parent, name, propertySchema, resolved, required);
		}
		String type = resolved.path("type").asString("");
		if (type.equals("integer")) {
			IntegerField field = new IntegerField(label(name));
			field.setId(id(path));
			if (parent.get(name) != null && parent.get(name).canConvertToInt()) {
				field.setValue(parent.get(name).asInt());
			}
			describe(field, propertySchema, required);
			field.setReadOnly(!editable);
			field.addValueChangeListener(e -> {
				if (e.getValue() == null) {
					parent.remove(name);
				}
				else {
					parent.put(name, e.getValue());
				}
				edited(false);
			});
			return register(path, field);
		}
		if (type.equals("array")) {
			JsonNode items = resolve(resolved.get("items"));
			if (items.has("enum")) {
				CheckboxGroup<String> group = new CheckboxGroup<>(label(name));
				group.setId(id(path));
				List<String> options = new ArrayList<>();
				items.get("enum").forEach(v -> options.add(v.asString()));
				group.setItems(options);
				Set<String> values = new LinkedHashSet<>();
				parent.path(name).forEach(v -> values.add(v.asString()));
				group.setValue(values);
				group.setReadOnly(!editable);
				if (propertySchema.has("description")) {
					group.setHelperText(propertySchema.get("description").asString());
				}
				group.addValueChangeListener(e -> {
					if (e.getValue().isEmpty()) {
						parent.remove(name);
					}
					else {
						ArrayNode array = parent.putArray(name);
						options.stream().filter(e.getValue()::contains).forEach(array::add);
					}
					edited(false);
				});
				return register(path, group);
			}
			return list(path, parent, name, propertySchema, required);
		}
		if (type.equals("object")) {
			return pairs(path, parent, name, propertySchema);
		}
		boolean expression = "expression".equals(ref);
		boolean template = "template".equals(ref);
		Component field;
		if (template && parent.path(name).asString("").contains("\n")) {
			TextArea area = new TextArea(label(name));
			area.setValue(parent.path(name).asString(""));
			area.setValueChangeMode(ValueChangeMode.LAZY);
			area.addValueChangeListener(e -> put(parent, name, e.getValue()));
			describe(area, propertySchema, required);
			area.setReadOnly(!editable);
			field = area;
		}
		else {
			TextField text = new TextField(label(name));
			text.setValue(text(parent.get(name)));
			text.setValueChangeMode(ValueChangeMode.LAZY);
			text.addValueChangeListener(e -> put(parent, name, e.getValue()));
			describe(text, propertySchema, required);
			text.setReadOnly(!editable);
			if (expression || template) {
				text.addClassName("app-code");
			}
			field = text;
		}
		field.setId(id(path));
		register(path, field);
		if (expression || template) {
			Div caret = new Div();
			caret.addClassName("cel-error");
			caret.setId(id(path) + "-error");
			caret.setVisible(false);
			carets.put(path, caret);
			Div wrapper = new Div(field, caret);
			wrapper.addClassName("form-expression");
			return wrapper;
		}
		return field;
	}

	private Component choice(String path, ObjectNode parent, String name, JsonNode propertySchema, JsonNode resolved,
			boolean required) {
		Select<String> select = new Select<>();
		select.setLabel(label(name));
		select.setId(id(path));
		List<String> options = new ArrayList<>();
		resolved.get("enum").forEach(v -> options.add(v.asString()));
		select.setItems(options);
		if (!required) {
			select.setEmptySelectionAllowed(true);
			select.setEmptySelectionCaption("(default)");
		}
		select.setValue(parent.has(name) && options.contains(parent.get(name).asString()) ? parent.get(name).asString() : null);
		if (propertySchema.has("description")) {
			select.setHelperText(propertySchema.get("description").asString());
		}
		select.setReadOnly(!editable);
		select.addValueChangeListener(e -> {
			if (e.getValue() == null) {
				parent.remove(name);
			}
			else {
				parent.put(name, e.getValue());
			}
			edited(false);
		});
		return register(path, select);
	}

	/** A list of strings, written with commas. */
	private Component list(String path, ObjectNode parent, String name, JsonNode propertySchema, boolean required) {
		TextField field = new TextField(label(name));
		field.setId(id(path));
		List<String> values = new ArrayList<>();
		parent.path(name).forEach(v -> values.add(v.asString()));
		field.setValue(String.join(", ", values));
		field.setValueChangeMode(ValueChangeMode.LAZY);
		describe(field, propertySchema, required);
		if (field.getHelperText() == null || field.getHelperText().isBlank()) {
			field.setHelperText("Separate with commas.");
		}
		field.setReadOnly(!editable);
		field.addValueChangeListener(e -> {
			List<String> items = new ArrayList<>();
			for (String part : e.getValue().split(",")) {
				if (!part.isBlank()) {
					items.add(part.strip());
				}
			}
			if (items.isEmpty()) {
				parent.remove(name);
			}
			else {
				ArrayNode array = parent.putArray(name);
				items.forEach(array::add);
			}
			edited(false);
		});
		return register(path, field);
	}

	/** Named texts (headers, params, metadata, payload): one "name: value" per line. */
	private Component pairs(String path, ObjectNode parent, String name, JsonNode propertySchema) {
		TextArea area = new TextArea(label(name));
		area.setId(id(path));
		StringBuilder text = new StringBuilder();
		if (parent.get(name) instanceof ObjectNode object) {
			object.properties().forEach(p -> text.append(p.getKey()).append(": ").append(p.getValue().asString()).append('\n'));
		}
		area.setValue(text.toString().strip());
		area.setHelperText("One per line: name: value (values may hold {{ expressions }}).");
		area.addClassName("app-code");
		area.setValueChangeMode(ValueChangeMode.LAZY);
		area.setReadOnly(!editable);
		area.addValueChangeListener(e -> {
			Map<String, String> pairs = new LinkedHashMap<>();
			for (String line : e.getValue().split("\n")) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					pairs.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
				}
			}
			if (pairs.isEmpty()) {
				parent.remove(name);
			}
			else {
				ObjectNode object = parent.putObject(name);
				pairs.forEach(object::put);
			}
			edited(false);
		});
		return register(path, area);
	}

	private void put(ObjectNode parent, String name, String value) {
		if (value.isBlank()) {
			parent.remove(name);
		}
		else {
			parent.put(name, value);
		}
		edited(false);
	}

	// ---------------------------------------------------------------------------------------------------------
	// problems

	/** Shows the problems on the fields at their paths; clears what was shown before. */
	void showProblems(List<AppProblem> problems) {
		fields.values().forEach(field -> {
			if (field instanceof HasValidation validated) {
				validated.setInvalid(false);
				validated.setErrorMessage(null);
			}
		});
		carets.values().forEach(caret -> {
			caret.removeAll();
			caret.setVisible(false);
		});
		Map<String, List<AppProblem>> byPath = new LinkedHashMap<>();
		for (AppProblem problem : problems) {
			byPath.computeIfAbsent(problem.path(), k -> new ArrayList<>()).add(problem);
		}
		byPath.forEach((path, list) -> {
			AppProblem first = list.getFirst();
			Div caret = carets.get(path);
			Component field = fields.get(path);
			if (caret != null && first.offset() != null && field instanceof TextField text) {
				caret.add(caret(text.getValue(), first.offset()), new Span(first.message()));
				caret.setVisible(true);
				caret.getElement().setAttribute("data-offset", String.valueOf(first.offset()));
				text.setInvalid(true);
			}
			else if (field instanceof HasValidation validated) {
				validated.setErrorMessage(first.message());
				validated.setInvalid(first.isError());
			}
		});
	}

	/** The expression with a caret under the character at {@code offset}, as compilers show it. */
	private static Component caret(String expression, int offset) {
		int at = Math.max(0, Math.min(offset, expression.length()));
		Span before = new Span(expression.substring(0, at));
		Span mark = new Span(at < expression.length() ? expression.substring(at, at + 1) : " ");
		mark.addClassName("cel-error-mark");
		Span after = new Span(at < expression.length() ? expression.substring(at + 1) : "");
		Div line = new Div(before, mark, after);
		line.addClassName("cel-error-line");
		line.getElement().setAttribute("aria-label", "Error at character " + (at + 1));
		return line;
	}

	/** Focuses the field of a path, if the form has one. */
	void focus(String path) {
		Component field = fields.get(path);
		for (String at = path; field == null && (at.contains(".") || at.contains("[")); ) {
			at = at.substring(0, Math.max(at.lastIndexOf('.'), at.lastIndexOf('[')));
			field = fields.get(at);
		}
		if (field instanceof Focusable<?> focusable) {
			focusable.focus();
		}
		else if (field != null) {
			field.getElement().scrollIntoView();
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// helpers

	private void edited(boolean structure) {
		if (structure) {
			render();
		}
		changed.run();
	}

	private <C extends Component> C register(String path, C field) {
		fields.put(path, field);
		return field;
	}

	private Component remove(String label, Runnable removal) {
		Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
			removal.run();
			edited(true);
		});
		remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
		remove.setAriaLabel(label);
		remove.setTooltipText(label);
		return remove;
	}

	private Div section(String title, String id) {
		Div section = new Div(new H2(title));
		section.addClassName("form-section");
		section.setId(id);
		return section;
	}

	private static Span help(String text) {
		Span help = new Span(text);
		help.addClassName("cirrus-muted");
		help.addClassName("form-help");
		return help;
	}

	private static void describe(com.vaadin.flow.component.HasHelper field, JsonNode propertySchema, boolean required) {
		if (propertySchema.has("description")) {
			field.setHelperText(propertySchema.get("description").asString());
		}
		if (required && field instanceof com.vaadin.flow.component.HasValue<?, ?> value) {
			value.setRequiredIndicatorVisible(true);
		}
	}

	/** The then-branch of a polymorphic definition for a kind. */
	private @Nullable JsonNode branch(JsonNode base, String kind) {
		for (JsonNode option : base.path("allOf")) {
			if (option.path("if").path("properties").path("kind").path("const").asString("").equals(kind)) {
				return resolve(option.get("then"));
			}
		}
		return null;
	}

	/** A new item of a definition: an id, the first kind, and the required fields of that kind. */
	private ObjectNode template(String def, ArrayNode siblings) {
		ObjectNode item = NODES.objectNode();
		JsonNode base = defs.get(def);
		Set<String> ids = new LinkedHashSet<>();
		siblings.forEach(s -> ids.add(s.path("id").asString("")));
		if (base.path("properties").has("id") || base.path("required").toString().contains("\"id\"")) {
			item.put("id", unique(singular(def).replace(' ', '_').replace("-", "_"), ids));
		}
		JsonNode kinds = base.path("properties").path("kind").path("enum");
		if (kinds.isArray()) {
			return fresh(def, kinds.get(0).asString(), item);
		}
		if (def.equals("rule")) {
			item.putArray("actions").add(fresh("action", "notify", NODES.objectNode()));
		}
		return item;
	}

	/** An item of another kind: its id kept, the new kind's required fields started. */
	private ObjectNode fresh(String def, String kind, ObjectNode from) {
		ObjectNode item = NODES.objectNode();
		if (from.has("id")) {
			item.set("id", from.get("id"));
		}
		item.put("kind", kind);
		JsonNode shape = branch(defs.get(def), kind);
		if (shape != null) {
			for (String name : required(shape)) {
				if (item.has(name)) {
					continue;
				}
				JsonNode property = resolve(shape.path("properties").path(name));
				if (property.has("enum")) {
					item.put(name, property.get("enum").get(0).asString());
				}
				else if (property.path("type").asString("").equals("string")) {
					item.put(name, starter(name));
				}
			}
			if (kind.equals("notify")) {
				item.putArray("recipients");
			}
		}
		return item;
	}

	private static String starter(String name) {
		return switch (name) {
			case "condition" -> "true";
			case "window", "period", "after" -> "5m";
			case "title" -> "{{ device.name }}";
			case "url" -> "https://";
			case "value" -> "event.values.temperature";
			default -> "";
		};
	}

	private Set<String> required(JsonNode shape) {
		Set<String> required = new LinkedHashSet<>();
		shape.path("required").forEach(r -> required.add(r.asString()));
		return required;
	}

	private JsonNode resolve(@Nullable JsonNode node) {
		JsonNode at = node == null ? NODES.objectNode() : node;
		while (at.has("$ref")) {
			at = defs.get(at.get("$ref").asString().substring("#/$defs/".length()));
		}
		return at;
	}

	private static @Nullable String refName(@Nullable JsonNode node) {
		return node != null && node.has("$ref") ? node.get("$ref").asString().substring("#/$defs/".length()) : null;
	}

	private static String ref(JsonNode items) {
		return items.get("$ref").asString().substring("#/$defs/".length());
	}

	private static JsonNode typed(String type, String text) {
		String value = text.strip();
		try {
			return switch (type) {
				case "number" -> NODES.numberNode(Double.parseDouble(value));
				case "integer" -> NODES.numberNode(Long.parseLong(value));
				case "boolean" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
						? NODES.booleanNode(Boolean.parseBoolean(value)) : NODES.stringNode(value);
				case "list" -> {
					ArrayNode array = NODES.arrayNode();
					for (String part : value.split(",")) {
						if (!part.isBlank()) {
							array.add(part.strip());
						}
					}
					yield array;
				}
				default -> NODES.stringNode(text);
			};
		}
		catch (NumberFormatException e) {
			// Kept as written: validation says the value does not match the type.
			return NODES.stringNode(value);
		}
	}

	private static String text(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return "";
		}
		if (node.isArray()) {
			List<String> values = new ArrayList<>();
			node.forEach(v -> values.add(v.asString()));
			return String.join(", ", values);
		}
		if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()) && !node.isIntegralNumber()) {
			return Long.toString((long) node.asDouble());
		}
		return node.isString() ? node.asString() : node.toString();
	}

	private static void rename(ObjectNode object, String from, String to) {
		ObjectNode copy = object.deepCopy();
		object.removeAll();
		copy.properties().forEach(p -> object.set(p.getKey().equals(from) ? to : p.getKey(), p.getValue()));
	}

	private static String unique(String base, Iterable<String> taken) {
		Set<String> names = new java.util.HashSet<>();
		taken.forEach(names::add);
		for (int i = 1;; i++) {
			if (!names.contains(base + i)) {
				return base + i;
			}
		}
	}

	static String label(String name) {
		StringBuilder label = new StringBuilder();
		for (char c : name.toCharArray()) {
			if (Character.isUpperCase(c)) {
				label.append(' ').append(Character.toLowerCase(c));
			}
			else {
				label.append(c);
			}
		}
		return capitalize(label.toString());
	}

	private static String singular(String name) {
		return switch (name) {
			case "triggers", "trigger" -> "trigger";
			case "blocks", "block" -> "block";
			case "rules", "rule" -> "rule";
			case "actions", "action" -> "action";
			default -> name;
		};
	}

	private static String capitalize(String text) {
		return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
	}

	/** A DOM id from a path: {@code $.rules[0].condition} becomes {@code f-rules-0-condition}. */
	static String id(String path) {
		return "f-" + path.substring(2).replaceAll("[\\[\\].]+", "-").replaceAll("-$", "");
	}
}
