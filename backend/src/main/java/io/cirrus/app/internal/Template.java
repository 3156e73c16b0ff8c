package io.cirrus.app.internal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;

/**
 * A text with {@code {{ expression }}} placeholders, each a CEL expression type-checked like a condition. Rendering
 * fills each with its value as text; a placeholder that fails leaves an empty gap and says why.
 */
final class Template {

	private static final String OPEN = "{{";

	private static final String CLOSE = "}}";

	/** A literal text or a placeholder's expression. */
	private sealed interface Part {
	}

	private record Literal(String text) implements Part {
	}

	private record Placeholder(Expression expression) implements Part {
	}

	private final List<Part> parts;

	private Template(List<Part> parts) {
		this.parts = List.copyOf(parts);
	}

	/** The rendered text, the value itself when the template is exactly one placeholder, and what failed. */
	record Rendered(String text, @Nullable Object value, List<String> errors) {
	}

	/** Compiles every placeholder; problems carry each placeholder's offset in the template. */
	static @Nullable Template compile(String path, String text, AppExpressions expressions, List<AppProblem> problems) {
		List<Part> parts = new ArrayList<>();
		int before = problems.size();
		int at = 0;
		while (at < text.length()) {
			int open = text.indexOf(OPEN, at);
			if (open < 0) {
				parts.add(new Literal(text.substring(at)));
				break;
			}
			if (open > at) {
				parts.add(new Literal(text.substring(at, open)));
			}
			int close = text.indexOf(CLOSE, open + OPEN.length());
			if (close < 0) {
				problems.add(AppProblem.error(Code.TEMPLATE, path,
						"The placeholder opened with '{{' is not closed: end it with '}}'.").withOffset(open));
				break;
			}
			String inner = text.substring(open + OPEN.length(), close);
			int lead = inner.length() - inner.stripLeading().length();
			if (inner.isBlank()) {
				problems.add(AppProblem.error(Code.TEMPLATE, path,
						"The placeholder is empty: write an expression such as {{ device.name }}.").withOffset(open));
			}
			else {
				Expression expression = expressions.compile(path, inner.strip(), AppExpressions.Result.ANY,
						open + OPEN.length() + lead, problems, Code.TEMPLATE);
				if (expression != null) {
					parts.add(new Placeholder(expression));
				}
			}
			at = close + CLOSE.length();
		}
		return problems.size() == before ? new Template(parts) : null;
	}

	Rendered render(Variables variables) {
		StringBuilder text = new StringBuilder();
		List<String> errors = new ArrayList<>();
		Object single = null;
		for (Part part : parts) {
			switch (part) {
				case Literal literal -> text.append(literal.text());
				case Placeholder placeholder -> {
					try {
						Object value = placeholder.expression().evaluate(variables);
						single = value;
						text.append(Values.text(value));
					}
					catch (Expression.Failure e) {
						errors.add("{{ " + placeholder.expression().text() + " }}: " + e.getMessage());
					}
				}
			}
		}
		boolean onePlaceholder = parts.size() == 1 && parts.getFirst() instanceof Placeholder && errors.isEmpty();
		return new Rendered(text.toString(), onePlaceholder ? Values.plain(single) : null, errors);
	}
}
