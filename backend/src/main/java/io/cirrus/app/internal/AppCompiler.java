package io.cirrus.app.internal;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

import io.cirrus.app.Action;
import io.cirrus.app.AppDocument;
import io.cirrus.app.AppDocument.DeviceSelector;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;
import io.cirrus.app.Block;
import io.cirrus.app.Trigger;
import io.cirrus.app.internal.AppExpressions.Result;
import io.cirrus.app.internal.CompiledApp.CompiledAction;
import io.cirrus.app.internal.CompiledApp.CompiledBlock;
import io.cirrus.app.internal.CompiledApp.CompiledRule;

/**
 * Checks what a document means on its own (no tenant data): ids and references, settings against their types,
 * schedules, periods, permissions against the actions and triggers, and every CEL expression and template; and
 * compiles it when nothing is wrong. What needs the tenant's data (devices, profiles, tags, channels, other apps) is
 * checked by {@link TenantChecks}.
 */
final class AppCompiler {

	static final Duration MIN_PERIOD = Duration.ofSeconds(1);

	static final Duration MAX_WINDOW = Duration.ofHours(24);

	static final Duration MAX_HOLD = Duration.ofDays(7);

	static final Duration MAX_WEBHOOK_TIMEOUT = Duration.ofSeconds(30);

	static final Duration MAX_COMMAND_TTL = Duration.ofDays(1);

	static final Duration MIN_SCHEDULE = Duration.ofSeconds(10);

	private static final Set<String> DEVICELESS = Set.of("schedule", "http");

	private final AppDocument document;

	private final List<AppProblem> problems = new ArrayList<>();

	private final AppExpressions expressions;

	/** Whether the document was read whole: references and permissions are judged only then. */
	private final boolean complete;

	private AppCompiler(AppDocument document, boolean complete) {
		this.document = document;
		this.complete = complete;
		this.expressions = new AppExpressions(document);
	}

	/** The problems found, and the compiled app when none is an error. */
	record Compilation(@Nullable CompiledApp app, List<AppProblem> problems) {
	}

	static Compilation compile(AppDocument document) {
		return compile(new AppBinder.Bound(document, true, true, true));
	}

	/**
	 * Compiles a document read whole; of one read in part (the schema found errors), checks what can be judged from
	 * the parts alone, and compiles nothing.
	 */
	static Compilation compile(AppBinder.Bound bound) {
		AppCompiler compiler = new AppCompiler(bound.document(), bound.complete());
		CompiledApp app = compiler.run();
		List<AppProblem> problems = compiler.problems.stream()
			.filter(p -> bound.blocksComplete() || !p.message().startsWith("Unknown block"))
			.filter(p -> bound.settingsComplete() || !p.message().startsWith("Unknown setting"))
			.toList();
		boolean failed = !bound.complete() || problems.stream().anyMatch(AppProblem::isError);
		return new Compilation(failed ? null : app, problems);
	}

	private CompiledApp run() {
		Set<String> triggerIds = ids();
		Map<String, Object> settings = settings();
		if (complete) {
			triggers();
		}
		else {
			document.triggers().stream().filter(t -> t instanceof Trigger.Schedule).forEach(t -> schedule(
					"$.triggers[" + document.triggers().indexOf(t) + "]", (Trigger.Schedule) t));
		}
		List<CompiledBlock> blocks = blocks();
		List<CompiledRule> rules = new ArrayList<>();
		for (int i = 0; i < document.rules().size(); i++) {
			rules.add(rule(i, document.rules().get(i), triggerIds));
		}
		return new CompiledApp(document, settings, blocks, rules);
	}

	/** Ids are unique: triggers and blocks share one namespace (rules name either), rules have their own. */
	private Set<String> ids() {
		Set<String> seen = new HashSet<>();
		Set<String> answerable = new LinkedHashSet<>();
		for (int i = 0; i < document.triggers().size(); i++) {
			String id = document.triggers().get(i).id();
			if (!seen.add(id)) {
				error(Code.DUPLICATE, "$.triggers[" + i + "].id", "Another trigger or block is already called '" + id + "': give each its own id.");
			}
			answerable.add(id);
		}
		for (int i = 0; i < document.blocks().size(); i++) {
			Block block = document.blocks().get(i);
			if (!seen.add(block.id())) {
				error(Code.DUPLICATE, "$.blocks[" + i + "].id", "Another trigger or block is already called '" + block.id() + "': give each its own id.");
			}
			if (block instanceof Block.Absence) {
				answerable.add(block.id());
			}
		}
		Set<String> rules = new HashSet<>();
		for (int i = 0; i < document.rules().size(); i++) {
			if (!rules.add(document.rules().get(i).id())) {
				error(Code.DUPLICATE, "$.rules[" + i + "].id", "Another rule is already called '" + document.rules().get(i).id() + "'.");
			}
		}
		return answerable;
	}

	private Map<String, Object> settings() {
		Map<String, Object> values = new LinkedHashMap<>();
		document.settings().forEach((name, setting) -> {
			String path = "$.settings." + name + ".value";
			Object value = setting.value();
			Object typed = switch (setting.type()) {
				case "number" -> value instanceof Number n ? (Object) n.doubleValue() : null;
				case "integer" -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.longValue() : null;
				case "string" -> value instanceof String s ? s : null;
				case "boolean" -> value instanceof Boolean b ? b : null;
				case "list" -> value instanceof List<?> list && list.stream().allMatch(String.class::isInstance) ? List.copyOf(list) : null;
				default -> null;
			};
			if (typed == null) {
				error(Code.SETTING, path, "The value of setting '" + name + "' must be " + switch (setting.type()) {
					case "number" -> "a number";
					case "integer" -> "a whole number";
					case "list" -> "a list of strings";
					default -> "a " + setting.type();
				} + ".");
			}
			else {
				values.put("app.settings." + name, typed);
			}
		});
		return values;
	}

	private void triggers() {
		DeviceSelector permitted = document.permissions().devices();
		for (int i = 0; i < document.triggers().size(); i++) {
			Trigger trigger = document.triggers().get(i);
			String path = "$.triggers[" + i + "]";
			if (trigger instanceof Trigger.Schedule schedule) {
				schedule(path, schedule);
				continue;
			}
			if (DEVICELESS.contains(trigger.kind())) {
				continue;
			}
			if (permitted == null) {
				error(Code.PERMISSION, path, "Trigger '" + trigger.id() + "' reads devices, but permissions.devices grants none: "
						+ "add permissions.devices (an empty selector grants every device of the tenant).");
				continue;
			}
			DeviceSelector selected = trigger.devices();
			if (selected != null && !Selectors.within(selected, permitted)) {
				error(Code.PERMISSION, path + ".devices", "Trigger '" + trigger.id() + "' selects devices beyond permissions.devices: "
						+ "narrow the trigger or widen the permission (the selector must keep the permission's ids, tags and profiles).");
			}
		}
	}

	private void schedule(String path, Trigger.Schedule schedule) {
		if (schedule.every() != null) {
			Duration every = Durations.parse(schedule.every());
			if (every != null && every.compareTo(MIN_SCHEDULE) < 0) {
				error(Code.SCHEDULE, path + ".every", "A schedule runs at most every " + Durations.format(MIN_SCHEDULE) + ".");
			}
		}
		if (schedule.at() != null) {
			try {
				Instant.parse(schedule.at());
			}
			catch (DateTimeException e) {
				error(Code.SCHEDULE, path + ".at", "'" + schedule.at() + "' is not a time: write it as 2026-12-24T18:00:00Z or with an offset.");
			}
		}
		if (schedule.timeZone() != null) {
			try {
				ZoneId.of(schedule.timeZone());
			}
			catch (DateTimeException e) {
				error(Code.SCHEDULE, path + ".timeZone", "'" + schedule.timeZone() + "' is not a time zone: use a name such as Europe/Berlin or UTC.");
			}
		}
		if (schedule.cron() != null) {
			String problem = cronProblem(schedule.cron());
			if (problem != null) {
				error(Code.SCHEDULE, path + ".cron", problem);
			}
		}
	}

	/** Why a cron expression does not parse, or null. Five fields (minute first) or six (second first). */
	static @Nullable String cronProblem(String cron) {
		try {
			cron(cron);
			return null;
		}
		catch (IllegalArgumentException e) {
			return "The cron expression '" + cron + "' does not parse (" + e.getMessage()
					+ "): write five fields (minute hour day-of-month month day-of-week, e.g. '*/15 * * * *') or six with seconds first.";
		}
	}

	static CronExpression cron(String cron) {
		String text = cron.strip();
		boolean macro = text.startsWith("@");
		int fields = text.split("\\s+").length;
		return CronExpression.parse(macro || fields != 5 ? text : "0 " + text);
	}

	private List<CompiledBlock> blocks() {
		boolean readings = document.triggers().stream().anyMatch(t -> t instanceof Trigger.Telemetry);
		List<CompiledBlock> blocks = new ArrayList<>();
		for (int i = 0; i < document.blocks().size(); i++) {
			Block block = document.blocks().get(i);
			String path = "$.blocks[" + i + "]";
			blocks.add(switch (block) {
				case Block.Window w -> {
					if (!readings) {
						warning(Code.REFERENCE, path, "Window '" + w.id() + "' counts readings, but no telemetry trigger brings any.");
					}
					yield new CompiledBlock(w, period(path + ".window", w.window(), MAX_WINDOW), null);
				}
				case Block.ForDuration f -> new CompiledBlock(f,
						f.holdFor() == null ? null : period(path + ".for", f.holdFor(), MAX_HOLD),
						expressions.compile(path + ".condition", f.condition(), Result.BOOL, 0, problems, Code.CEL_SYNTAX));
				case Block.Cooldown c -> new CompiledBlock(c, period(path + ".period", c.period(), MAX_HOLD), null);
				case Block.Absence a -> {
					if (!readings) {
						warning(Code.REFERENCE, path, "Absence '" + a.id() + "' watches readings, but no telemetry trigger brings any.");
					}
					yield new CompiledBlock(a, period(path + ".after", a.after(), MAX_HOLD), null);
				}
			});
		}
		return blocks;
	}

	private @Nullable Duration period(String path, String text, Duration max) {
		Duration period = Durations.parse(text);
		if (period == null) {
			return null;
		}
		if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(max) > 0) {
			error(Code.SCHEMA, path, "Must be between " + Durations.format(MIN_PERIOD) + " and " + Durations.format(max) + ".");
		}
		return period;
	}

	private CompiledRule rule(int index, AppDocument.Rule rule, Set<String> answerable) {
		String path = "$.rules[" + index + "]";
		for (int t = 0; complete && t < rule.triggers().size(); t++) {
			String id = rule.triggers().get(t);
			if (!answerable.contains(id)) {
				error(Code.REFERENCE, path + ".triggers[" + t + "]", "No trigger or absence block is called '" + id + "': "
						+ (answerable.isEmpty() ? "declare one." : "use one of " + String.join(", ", answerable) + "."));
			}
		}
		String cooldown = rule.cooldown();
		if (complete && cooldown != null && document.blocks().stream().noneMatch(b -> b instanceof Block.Cooldown && b.id().equals(cooldown))) {
			error(Code.REFERENCE, path + ".cooldown", "No cooldown block is called '" + cooldown + "': declare a block of kind cooldown with that id.");
		}
		Expression condition = rule.condition() == null ? null
				: expressions.compile(path + ".condition", rule.condition(), Result.BOOL, 0, problems, Code.CEL_SYNTAX);
		boolean devicelessOnly = !answeredKinds(rule).isEmpty() && DEVICELESS.containsAll(answeredKinds(rule));
		List<CompiledAction> actions = new ArrayList<>();
		for (int a = 0; a < rule.actions().size(); a++) {
			actions.add(action(path + ".actions[" + a + "]", rule.actions().get(a), devicelessOnly));
		}
		return new CompiledRule(rule, Set.copyOf(rule.triggers()), condition, cooldown, actions);
	}

	private Set<String> answeredKinds(AppDocument.Rule rule) {
		Set<String> kinds = new HashSet<>();
		for (Trigger trigger : document.triggers()) {
			if (rule.triggers().isEmpty() || rule.triggers().contains(trigger.id())) {
				kinds.add(trigger.kind());
			}
		}
		if (document.blocks().stream().anyMatch(b -> b instanceof Block.Absence && rule.triggers().contains(b.id()))) {
			kinds.add("absence");
		}
		return kinds;
	}

	private CompiledAction action(String path, Action action, boolean devicelessOnly) {
		if (complete && !document.permissions().actions().contains(action.kind())) {
			error(Code.PERMISSION, path + ".kind", "The app does not declare the permission to " + action.kind()
					+ ": add '" + action.kind() + "' to permissions.actions.");
		}
		Map<String, Template> templates = new LinkedHashMap<>();
		Expression value = null;
		Duration timeout = null;
		switch (action) {
			case Action.Notify n -> {
				template(templates, path, "title", n.title());
				template(templates, path, "body", n.body());
				template(templates, path, "link", n.link());
				for (int r = 0; r < n.recipients().size(); r++) {
					String recipient = n.recipients().get(r);
					if (!recipient.matches("(user|ext):[^\\s]+|device:[0-9a-fA-F-]{36}")) {
						error(Code.SCHEMA, path + ".recipients[" + r + "]", "'" + recipient
								+ "' is not a recipient: write user:<username>, device:<device id> or ext:<id>.");
					}
				}
			}
			case Action.Webhook w -> {
				webhookHost(path + ".url", w.url());
				timeout = w.timeout() == null ? Duration.ofSeconds(10) : period(path + ".timeout", w.timeout(), MAX_WEBHOOK_TIMEOUT);
				w.headers().forEach((name, text) -> template(templates, path, "headers." + name, text));
				template(templates, path, "body", w.body());
			}
			case Action.Command c -> {
				needsDevice(path, c.device(), devicelessOnly);
				timeout = c.ttl() == null ? Duration.ofMinutes(5) : period(path + ".ttl", c.ttl(), MAX_COMMAND_TTL);
				c.params().forEach((name, text) -> template(templates, path, "params." + name, text));
			}
			case Action.SetDevice s -> {
				needsDevice(path, s.device(), devicelessOnly);
				s.metadata().forEach((name, text) -> template(templates, path, "metadata." + name, text));
			}
			case Action.Emit e -> {
				needsDevice(path, null, devicelessOnly);
				value = expressions.compile(path + ".value", e.value(), Result.SCALAR, 0, problems, Code.CEL_SYNTAX);
			}
			case Action.Invoke i -> {
				if (i.app().equals(document.name())) {
					error(Code.REFERENCE, path + ".app", "An app cannot invoke itself.");
				}
				i.payload().forEach((name, text) -> template(templates, path, "payload." + name, text));
			}
		}
		return new CompiledAction(action, templates, value, timeout);
	}

	private void needsDevice(String path, @Nullable String device, boolean devicelessOnly) {
		if (complete && device == null && devicelessOnly) {
			error(Code.REFERENCE, path, "This rule answers only schedule or http events, which have no device: name the device.");
		}
	}

	private void webhookHost(String path, String url) {
		if (url.contains("{{")) {
			error(Code.TEMPLATE, path, "The URL is fixed (its host is checked against the permissions): put what varies in the body or headers.");
			return;
		}
		String authority;
		try {
			URI uri = URI.create(url);
			if (uri.getHost() == null) {
				throw new IllegalArgumentException("no host");
			}
			authority = uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
		}
		catch (IllegalArgumentException e) {
			error(Code.SCHEMA, path, "'" + url + "' is not a URL with a host.");
			return;
		}
		String host = authority.contains(":") ? authority.substring(0, authority.indexOf(':')) : authority;
		boolean allowed = !complete || document.permissions().webhookHosts().stream().map(h -> h.toLowerCase(Locale.ROOT))
			.anyMatch(h -> h.equals(authority) || h.equals(host));
		if (!allowed) {
			error(Code.PERMISSION, path, "The app may not call " + authority + ": add it to permissions.webhookHosts.");
		}
	}

	private void template(Map<String, Template> templates, String path, String field, @Nullable String text) {
		if (text == null) {
			return;
		}
		Template template = Template.compile(path + "." + field, text, expressions, problems);
		if (template != null) {
			templates.put(field, template);
		}
	}

	private void error(Code code, String path, String message) {
		problems.add(AppProblem.error(code, path, message));
	}

	private void warning(Code code, String path, String message) {
		problems.add(AppProblem.warning(code, path, message));
	}
}
