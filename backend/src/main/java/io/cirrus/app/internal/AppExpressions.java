package io.cirrus.app.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import io.cirrus.app.AppDocument;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;
import io.cirrus.app.Block;

/**
 * The CEL environment of one app version: the variables every expression reads, typed, so that expressions are
 * type-checked when the version is validated rather than failing while it runs.
 * <ul>
 * <li>{@code event.kind}, {@code event.trigger} (strings), {@code event.time} (timestamp), {@code event.values},
 * {@code event.previous} (maps from key to value);</li>
 * <li>{@code device.id}, {@code device.name}, {@code device.profile} (strings), {@code device.tags} (list of
 * strings), {@code device.metadata} (map);</li>
 * <li>{@code app.id}, {@code app.name}, and {@code app.settings.<name>} of the setting's type;</li>
 * <li>{@code blocks.<id>}: a number for windows, a boolean for the other blocks;</li>
 * <li>{@code now} (timestamp).</li>
 * </ul>
 */
final class AppExpressions {

	/** Most iterations of one comprehension ({@code all}, {@code exists}, {@code map}, {@code filter}). */
	static final int MAX_ITERATIONS = 1_000;

	private static final MapType VALUES = MapType.create(SimpleType.STRING, SimpleType.DYN);

	private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");

	private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	static final List<String> EVENT_FIELDS = List.of("kind", "trigger", "time", "values", "previous");

	static final List<String> DEVICE_FIELDS = List.of("id", "name", "profile", "tags", "metadata");

	private final Cel cel;

	private final AppDocument document;

	AppExpressions(AppDocument document) {
		this.document = document;
		CelOptions options = CelOptions.current()
			.enableHeterogeneousNumericComparisons(true)
			.comprehensionMaxIterations(MAX_ITERATIONS)
			.build();
		CelBuilder builder = CelFactory.standardCelBuilder()
			.setOptions(options)
			.setStandardMacros(CelStandardMacro.STANDARD_MACROS)
			.addVar("event.kind", SimpleType.STRING)
			.addVar("event.trigger", SimpleType.STRING)
			.addVar("event.time", SimpleType.TIMESTAMP)
			.addVar("event.values", VALUES)
			.addVar("event.previous", VALUES)
			.addVar("device.id", SimpleType.STRING)
			.addVar("device.name", SimpleType.STRING)
			.addVar("device.profile", SimpleType.STRING)
			.addVar("device.tags", ListType.create(SimpleType.STRING))
			.addVar("device.metadata", VALUES)
			.addVar("app.id", SimpleType.STRING)
			.addVar("app.name", SimpleType.STRING)
			.addVar("now", SimpleType.TIMESTAMP);
		document.settings().forEach((name, setting) -> builder.addVar("app.settings." + name, settingType(setting.type())));
		for (Block block : document.blocks()) {
			builder.addVar("blocks." + block.id(), block instanceof Block.Window ? SimpleType.DOUBLE : SimpleType.BOOL);
		}
		this.cel = builder.build();
	}

	static CelType settingType(String type) {
		return switch (type) {
			case "number" -> SimpleType.DOUBLE;
			case "integer" -> SimpleType.INT;
			case "string" -> SimpleType.STRING;
			case "boolean" -> SimpleType.BOOL;
			case "list" -> ListType.create(SimpleType.STRING);
			default -> SimpleType.DYN;
		};
	}

	/** What an expression must produce. */
	enum Result {
		/** A condition: bool (or a map value, checked when it runs). */
		BOOL,
		/** An emitted reading: a number, string or boolean. */
		SCALAR,
		/** A template placeholder: anything, shown as text. */
		ANY
	}

	/**
	 * Compiles an expression found at {@code path}; problems carry the offset inside the expression plus
	 * {@code base} (where the expression starts inside a template).
	 */
	@Nullable Expression compile(String path, String text, Result result, int base, List<AppProblem> problems,
			Code syntaxCode) {
		CelValidationResult parsed = cel.parse(text);
		if (parsed.hasError()) {
			report(path, text, parsed.getErrors(), base, syntaxCode, problems);
			return null;
		}
		CelValidationResult checked;
		try {
			checked = cel.check(parsed.getAst());
		}
		catch (CelValidationException e) {
			problems.add(AppProblem.error(Code.CEL_TYPE, path, e.getMessage()).withOffset(base));
			return null;
		}
		if (checked.hasError()) {
			report(path, text, checked.getErrors(), base, syntaxCode == Code.TEMPLATE ? Code.TEMPLATE : Code.CEL_TYPE,
					problems);
			return null;
		}
		try {
			var ast = checked.getAst();
			CelType type = ast.getResultType();
			String wrong = switch (result) {
				case BOOL -> type.kind() == CelKind.BOOL || type.kind() == CelKind.DYN ? null : "a condition must be true or false (bool), not " + type.name();
				case SCALAR -> switch (type.kind()) {
					case DOUBLE, INT, UINT, STRING, BOOL, DYN -> null;
					default -> "an emitted value must be a number, string or boolean, not " + type.name();
				};
				case ANY -> null;
			};
			if (wrong != null) {
				problems.add(AppProblem.error(syntaxCode == Code.TEMPLATE ? Code.TEMPLATE : Code.CEL_TYPE, path,
						capitalize(wrong) + ".").withOffset(base));
				return null;
			}
			return new Expression(path, text, cel.createProgram(ast), DirectExpression.of(ast));
		}
		catch (CelValidationException | dev.cel.runtime.CelEvaluationException e) {
			problems.add(AppProblem.error(Code.CEL_TYPE, path, e.getMessage()).withOffset(base));
			return null;
		}
	}

	private void report(String path, String text, List<CelIssue> issues, int base, Code code,
			List<AppProblem> problems) {
		for (CelIssue issue : issues) {
			int offset = offset(text, issue.getSourceLocation().getLine(), issue.getSourceLocation().getColumn());
			String written = written(issue.getMessage(), text, offset);
			String message = written == null ? capitalize(issue.getMessage().replace(" (in container '')", "")) + "."
					: explain(written);
			int at = written == null ? offset : offset + knownPrefix(written);
			problems.add(AppProblem.error(code, path, message).withOffset(base + at));
		}
	}

	/** The qualified name CEL found undeclared at {@code offset}, as written, or null for other errors. */
	private static @Nullable String written(String message, String text, int offset) {
		Matcher undeclared = UNDECLARED.matcher(message);
		if (!undeclared.find()) {
			return null;
		}
		Matcher name = QUALIFIED.matcher(text);
		if (offset >= 0 && offset < text.length() && name.find(offset) && name.start() == offset) {
			return name.group();
		}
		return undeclared.group(1);
	}

	/** How much of a name is right: "app.settings." of "app.settings.treshold", so the offset points at the typo. */
	private static int knownPrefix(String written) {
		String[] parts = written.split("\\.");
		return switch (parts[0]) {
			case "app" -> parts.length >= 3 && parts[1].equals("settings") ? "app.settings.".length() : 0;
			case "blocks", "event", "device" -> parts.length >= 2 ? parts[0].length() + 1 : 0;
			default -> 0;
		};
	}

	/** What to write instead of an undeclared name. */
	private String explain(String written) {
		String[] parts = written.split("\\.");
		return switch (parts[0]) {
			case "app" -> parts.length >= 3 && parts[1].equals("settings")
					? "Unknown setting '" + parts[2] + "': " + known("settings", document.settings().keySet())
					: "Unknown name '" + written + "': app has id, name and settings.<name>.";
			case "blocks" -> parts.length >= 2 ? "Unknown block '" + parts[1] + "': "
					+ known("blocks", document.blocks().stream().map(Block::id).toList())
					: "Write blocks.<id> to read a block.";
			case "event" -> "event has no field '" + (parts.length > 1 ? parts[1] : "") + "': use "
					+ String.join(", ", EVENT_FIELDS.stream().map(f -> "event." + f).toList())
					+ " (readings are event.values.<key>).";
			case "device" -> "device has no field '" + (parts.length > 1 ? parts[1] : "") + "': use "
					+ String.join(", ", DEVICE_FIELDS.stream().map(f -> "device." + f).toList()) + ".";
			default -> "Unknown name '" + written + "': expressions read event, device, app, blocks and now.";
		};
	}

	private static String known(String what, java.util.Collection<String> names) {
		return names.isEmpty() ? "the app declares no " + what + "."
				: "the app declares " + String.join(", ", new ArrayList<>(names)) + ".";
	}

	/** 0-based offset of a CEL source location (1-based line, 0-based column) in the text. */
	static int offset(String text, int line, int column) {
		int offset = 0;
		for (int l = 1; l < line; l++) {
			int next = text.indexOf('\n', offset);
			if (next < 0) {
				break;
			}
			offset = next + 1;
		}
		return Math.max(0, Math.min(text.length(), offset + Math.max(0, column)));
	}

	private static String capitalize(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}
}
