package io.cirrus.app.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;

/**
 * A simple CEL expression compiled to plain Java, which the runtime evaluates for every app and event: comparisons
 * ({@code < <= > >= == !=}) of variables, readings ({@code event.values.x}, {@code event.values['x']}) and
 * literals, joined by {@code &&}, {@code ||} and {@code !}, or a lone variable or reading (a template's placeholder).
 * Interpreting such an expression through CEL cost about five times what the comparisons do
 * (docs/perf/apps-evaluation.md).
 * <p>
 * It answers only where its answer is certainly CEL's: for anything else at run time (a missing key, a value of
 * another type, NaN, two zeros, integers beyond 2^53 beside doubles, equality across number types) it answers
 * {@link #UNSURE} and {@link Expression} evaluates the expression with CEL, which gives the value or the error CEL
 * always gives. Expressions with anything else (functions, macros, arithmetic, lists, maps) are not compiled.
 */
final class DirectExpression {

	/** The answer when CEL must decide. */
	static final Object UNSURE = new Object();

	/** Expressions with more nodes are left to CEL (its step budget cannot be reached below this). */
	private static final int MAX_NODES = 64;

	/** Integers up to this magnitude convert to double exactly. */
	private static final long EXACT = 1L << 53;

	@FunctionalInterface
	private interface Node {

		/** The node's value, or {@link #UNSURE}. */
		Object eval(Variables variables);
	}

	private final Node root;

	private DirectExpression(Node root) {
		this.root = root;
	}

	/**
	 * The expression as Java, or null when it holds anything but variables, readings, literals, comparisons and
	 * logic.
	 */
	static @Nullable DirectExpression of(CelAbstractSyntaxTree ast) {
		int[] nodes = { 0 };
		Node root = node(ast, ast.getExpr(), nodes);
		return root == null || nodes[0] > MAX_NODES ? null : new DirectExpression(root);
	}

	/**
	 * The expression's value: a boolean, number or string exactly as CEL would give it, or {@link #UNSURE}.
	 */
	Object evaluate(Variables variables) {
		Object value = root.eval(variables);
		return value instanceof Boolean || value instanceof Double || value instanceof Long || value instanceof String
				? value : UNSURE;
	}

	private static @Nullable Node node(CelAbstractSyntaxTree ast, CelExpr expr, int[] nodes) {
		nodes[0]++;
		return switch (expr.getKind()) {
			case CONSTANT -> constant(expr.constant());
			case IDENT -> variable(ast, expr);
			case SELECT -> {
				if (expr.select().testOnly()) {
					yield null; // has(): left to CEL
				}
				Node operand = node(ast, expr.select().operand(), nodes);
				yield operand == null ? null : key(operand, expr.select().field());
			}
			case CALL -> call(ast, expr, nodes);
			default -> null;
		};
	}

	private static @Nullable Node constant(CelConstant constant) {
		Object value = switch (constant.getKind()) {
			case BOOLEAN_VALUE -> constant.booleanValue();
			case INT64_VALUE -> constant.int64Value();
			case DOUBLE_VALUE -> constant.doubleValue();
			case STRING_VALUE -> constant.stringValue();
			default -> null;
		};
		return value == null ? null : v -> value;
	}

	/** A declared variable, read through the evaluation's resolver. */
	private static @Nullable Node variable(CelAbstractSyntaxTree ast, CelExpr expr) {
		String name = expr.ident().name();
		CelReference reference = ast.getReference(expr.id()).orElse(null);
		if (reference == null || reference.value().isPresent() || !reference.name().equals(name)) {
			return null;
		}
		return v -> {
			Object value = v.value(name);
			return value == null ? UNSURE : value;
		};
	}

	/** A map's entry ({@code m.key}, {@code m['key']}); a missing key is CEL's error to give. */
	private static Node key(Node map, String key) {
		return v -> {
			Object value = map.eval(v) instanceof Map<?, ?> m ? m.get(key) : null;
			return value == null ? UNSURE : value;
		};
	}

	private static @Nullable Node call(CelAbstractSyntaxTree ast, CelExpr expr, int[] nodes) {
		if (expr.call().target().isPresent()) {
			return null;
		}
		String function = expr.call().function();
		List<CelExpr> args = expr.call().args();
		if (function.equals("!_") && args.size() == 1) {
			Node operand = node(ast, args.getFirst(), nodes);
			return operand == null ? null : v -> operand.eval(v) instanceof Boolean b ? (Object) !b : UNSURE;
		}
		if (args.size() != 2) {
			return null;
		}
		if (function.equals("_[_]")) {
			CelExpr index = args.get(1);
			if (index.getKind() != CelExpr.ExprKind.Kind.CONSTANT
					|| index.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
				return null;
			}
			Node map = node(ast, args.getFirst(), nodes);
			nodes[0]++;
			return map == null ? null : key(map, index.constant().stringValue());
		}
		Node left = node(ast, args.get(0), nodes);
		Node right = node(ast, args.get(1), nodes);
		if (left == null || right == null) {
			return null;
		}
		return switch (function) {
			// CEL's logic: false && anything is false, true || anything is true; otherwise both must be booleans.
			case "_&&_" -> v -> {
				Object l = left.eval(v);
				if (Boolean.FALSE.equals(l)) {
					return false;
				}
				Object r = right.eval(v);
				return l == UNSURE || r == UNSURE || !(r instanceof Boolean) || !(l instanceof Boolean) ? UNSURE : r;
			};
			case "_||_" -> v -> {
				Object l = left.eval(v);
				if (Boolean.TRUE.equals(l)) {
					return true;
				}
				Object r = right.eval(v);
				return l == UNSURE || r == UNSURE || !(r instanceof Boolean) || !(l instanceof Boolean) ? UNSURE : r;
			};
			case "_<_" -> v -> order(left.eval(v), right.eval(v), c -> c < 0);
			case "_<=_" -> v -> order(left.eval(v), right.eval(v), c -> c <= 0);
			case "_>_" -> v -> order(left.eval(v), right.eval(v), c -> c > 0);
			case "_>=_" -> v -> order(left.eval(v), right.eval(v), c -> c >= 0);
			case "_==_" -> v -> equal(left.eval(v), right.eval(v));
			case "_!=_" -> v -> equal(left.eval(v), right.eval(v)) instanceof Boolean b ? (Object) !b : UNSURE;
			default -> null;
		};
	}

	@FunctionalInterface
	private interface Test {

		boolean of(int comparison);
	}

	/** An ordering of two numbers; anything else is CEL's to decide. */
	private static Object order(Object l, Object r, Test test) {
		if (l instanceof Long a && r instanceof Long b) {
			return test.of(Long.compare(a, b));
		}
		double a = number(l);
		double b = number(r);
		if (Double.isNaN(a) || Double.isNaN(b) || (a == 0 && b == 0)) {
			return UNSURE; // NaN, an inexact or non-number, or two zeros (-0.0 and 0.0)
		}
		return test.of(a < b ? -1 : a > b ? 1 : 0);
	}

	/** Equality of two values of the same type; across types (1 == 1.0) CEL decides. */
	private static Object equal(Object l, Object r) {
		if (l == UNSURE || r == UNSURE) {
			return UNSURE;
		}
		if (l instanceof Double a && r instanceof Double b) {
			return Double.isNaN(a) || Double.isNaN(b) || (a == 0 && b == 0) ? UNSURE : (Object) (a.doubleValue() == b.doubleValue());
		}
		if ((l instanceof Long && r instanceof Long) || (l instanceof String && r instanceof String)
				|| (l instanceof Boolean && r instanceof Boolean)) {
			return l.equals(r);
		}
		return UNSURE;
	}

	/** A double or an integer that converts exactly; NaN for anything else. */
	private static double number(Object value) {
		if (value instanceof Double d) {
			return d;
		}
		if (value instanceof Long l && l >= -EXACT && l <= EXACT) {
			return l;
		}
		return Double.NaN;
	}
}
