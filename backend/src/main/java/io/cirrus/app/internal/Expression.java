package io.cirrus.app.internal;

import org.jspecify.annotations.Nullable;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A compiled CEL expression of an app: a condition, a block's condition, an emitted value or a template placeholder.
 * Evaluation is bounded: a listener counts every evaluated node and stops the expression past
 * {@link #MAX_STEPS}, and comprehensions stop after {@link AppExpressions#MAX_ITERATIONS} iterations, so a runaway
 * expression cannot hold a worker. A simple expression also runs as plain Java ({@link DirectExpression}), which
 * leaves to CEL whatever it cannot answer exactly as CEL would.
 */
final class Expression {

	/** Most nodes one evaluation may visit. */
	static final int MAX_STEPS = 10_000;

	private final String path;

	private final String text;

	private final CelRuntime.Program program;

	/** The expression as plain Java when it is simple enough, else null. */
	private final @Nullable DirectExpression direct;

	Expression(String path, String text, CelRuntime.Program program, @Nullable DirectExpression direct) {
		this.path = path;
		this.text = text;
		this.program = program;
		this.direct = direct;
	}

	String path() {
		return path;
	}

	String text() {
		return text;
	}

	/** The expression as plain Java, if it is simple enough. */
	@Nullable DirectExpression direct() {
		return direct;
	}

	/** Why an evaluation produced no value. */
	static final class Failure extends Exception {

		private final boolean overBudget;

		Failure(String message, boolean overBudget) {
			super(message);
			this.overBudget = overBudget;
		}

		/** True when the cost limit stopped it. */
		boolean overBudget() {
			return overBudget;
		}
	}

	private static final class OverBudget extends RuntimeException {

		OverBudget() {
			super("cost limit", null, false, false);
		}
	}

	Object evaluate(Variables variables) throws Failure {
		if (direct != null) {
			Object value = direct.evaluate(variables);
			if (value != DirectExpression.UNSURE) {
				return value;
			}
		}
		return interpret(variables);
	}

	/** The value as CEL's interpreter gives it. */
	Object interpret(Variables variables) throws Failure {
		int[] steps = { 0 };
		try {
			return program.trace(variables, (expr, value) -> {
				if (++steps[0] > MAX_STEPS) {
					throw new OverBudget();
				}
			});
		}
		catch (CelEvaluationException e) {
			if (causedBy(e, OverBudget.class) || String.valueOf(e.getMessage()).contains("Iteration budget exceeded")) {
				throw new Failure("stopped: the expression exceeded the cost limit (" + MAX_STEPS + " steps, "
						+ AppExpressions.MAX_ITERATIONS + " iterations per comprehension)", true);
			}
			throw new Failure(clean(e.getMessage()), false);
		}
		catch (OverBudget e) {
			throw new Failure("stopped: the expression exceeded the cost limit (" + MAX_STEPS + " steps)", true);
		}
	}

	private static boolean causedBy(Throwable e, Class<?> type) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	/** CEL's message without its internal position prefix ("evaluation error at <input>:26: "). */
	static String clean(String message) {
		if (message == null) {
			return "evaluation failed";
		}
		String text = message.replaceFirst("^evaluation error( at <input>:\\d+)?: ", "");
		return text.replace(" (in container '')", "");
	}
}
