package io.cirrus.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cirrus.app.AppFormat;
import io.cirrus.app.AppProblem;

/**
 * Simple expressions run as plain Java ({@link DirectExpression}) give exactly what CEL gives: the same value of the
 * same type, or the same error, for thousands of expressions over readings of every type, missing keys, NaN, both
 * zeros, integers beyond 2^53, settings and blocks.
 */
class DirectExpressionTests {

	static final String APP = """
			name: direct
			settings:
			  n: {type: number, value: 26}
			  i: {type: integer, value: 3}
			  big: {type: integer, value: 9007199254740993}
			  s: {type: string, value: abc}
			  b: {type: boolean, value: true}
			permissions: {devices: {tags: [t]}, actions: [notify]}
			triggers:
			  - {id: readings, kind: telemetry}
			blocks:
			  - {id: avg, kind: window, key: t, function: avg, window: 5m}
			  - {id: held, kind: for-duration, condition: "event.values.t > 1.0", readings: 2}
			rules:
			  - {id: r, condition: "true", actions: [{kind: notify, recipients: ["user:x"], title: x}]}
			""";

	static final List<String> OPERANDS = List.of("event.values.t", "event.values['t']", "event.values.missing",
			"event.values.s", "event.values.b", "event.values.i", "event.values.big", "event.values.nan",
			"event.values.nz", "event.values.z", "event.values.m", "app.settings.n", "app.settings.i", "app.settings.big",
			"app.settings.s", "app.settings.b", "blocks.avg", "blocks.held", "20", "20.0", "0", "-0.0", "0.0", "-5",
			"'abc'", "'ab'", "true", "false", "9007199254740993", "9007199254740992", "device.name", "event.kind");

	static final List<String> OPERATORS = List.of("<", "<=", ">", ">=", "==", "!=");

	static final List<Map<String, Object>> READINGS = readings();

	static final List<Object> AVERAGES = List.of(21.5, Double.NaN, -0.0);

	final CompiledApp app = CompiledApp.from(APP, AppFormat.YAML);

	final AppExpressions expressions = new AppExpressions(app.document());

	static List<Map<String, Object>> readings() {
		List<Map<String, Object>> readings = new ArrayList<>();
		readings.add(values(25.0, "abc", true, 20, 9007199254740993L, Double.NaN, -0.0, 0.0));
		readings.add(values(20, "ab", false, 3, 9007199254740992L, 1.0, 0.0, -0.0));
		readings.add(values(-0.0, "", true, 0, -9007199254740993L, Double.NaN, -0.0, -0.0));
		readings.add(values(Double.POSITIVE_INFINITY, "abd", false, -5, 1L, 0.0, 0.0, 0.0));
		readings.add(values("warm", 20.0, "true", 20.0, 9007199254740992.0, "NaN", 5, false));
		Map<String, Object> sparse = new LinkedHashMap<>();
		sparse.put("t", 30.5);
		readings.add(sparse);
		readings.add(Map.of());
		return readings;
	}

	static Map<String, Object> values(Object t, Object s, Object b, Object i, Object big, Object nan, Object nz, Object z) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("t", t);
		values.put("s", s);
		values.put("b", b);
		values.put("i", i);
		values.put("big", big);
		values.put("nan", nan);
		values.put("nz", nz);
		values.put("z", z);
		values.put("m", Map.of("k", 1));
		return values;
	}

	@Test
	void comparisonsAndLogicGiveCelsValueOrError() {
		List<String> comparisons = new ArrayList<>();
		for (String left : OPERANDS) {
			for (String right : OPERANDS) {
				for (String operator : OPERATORS) {
					comparisons.add(left + " " + operator + " " + right);
				}
			}
		}
		List<Expression> compiled = compileAll(comparisons);
		Random random = new Random(15);
		List<String> combined = new ArrayList<>();
		while (combined.size() < 1_500) {
			String a = compiled.get(random.nextInt(compiled.size())).text();
			String b = compiled.get(random.nextInt(compiled.size())).text();
			String c = compiled.get(random.nextInt(compiled.size())).text();
			combined.add(switch (random.nextInt(6)) {
				case 0 -> a + " && " + b;
				case 1 -> a + " || " + b;
				case 2 -> "!(" + a + ")";
				case 3 -> "(" + a + " || " + b + ") && !(" + c + ")";
				case 4 -> a + " && " + b + " || " + c;
				default -> "!(" + a + " && " + b + ") || " + c;
			});
		}
		compiled.addAll(compileAll(combined));
		compiled.addAll(compileAll(OPERANDS));
		compiled.addAll(compileAll(List.of("!event.values.b", "!app.settings.b", "event.values.b && true",
				"false && event.values.missing > 1", "event.values.missing > 1 && false", "true || event.values.s",
				"event.values.s || true", "event.values['t'] > 20.0 && blocks.avg > 20.0")));

		int direct = 0;
		int answered = 0;
		for (Map<String, Object> values : READINGS) {
			for (Object average : AVERAGES) {
				for (Object held : List.of(true, false)) {
					AppEvent event = new AppEvent("telemetry", null, AppEvaluatorTests.FREEZER, Instant.parse("2026-12-08T10:00:00Z"),
							values);
					Variables variables = new Variables(app, AppEvaluatorTests.APP, event, Map.of(), "readings");
					variables.block("blocks.avg", average);
					variables.block("blocks.held", held);
					for (Expression expression : compiled) {
						String viaCel = outcome(() -> expression.interpret(variables));
						String viaEvaluate = outcome(() -> expression.evaluate(variables));
						assertThat(viaEvaluate).as("%s with %s, avg %s", expression.text(), values, average).isEqualTo(viaCel);
						DirectExpression java = expression.direct();
						if (java != null) {
							direct++;
							Object value = java.evaluate(variables);
							if (value != DirectExpression.UNSURE) {
								answered++;
								assertThat(outcome(() -> value)).as("%s with %s, avg %s", expression.text(), values, average)
									.isEqualTo(viaCel);
							}
						}
					}
				}
			}
		}
		// The Java path must have answered most of it, or this test proves nothing.
		assertThat(compiled.size()).isGreaterThan(4_000);
		assertThat(answered).isGreaterThan(direct / 5);
	}

	@Test
	void onlySimpleExpressionsAreCompiledToJava() {
		assertThat(compileAll(List.of("event.values.temperature > app.settings.n && blocks.avg > 20.0", "device.name",
				"event.values.temperature", "!(event.values['t'] == 'x') || blocks.held")))
			.allSatisfy(e -> assertThat(e.direct()).as(e.text()).isNotNull());
		assertThat(compileAll(List.of("event.values.t + 1.0 > 2.0", "has(event.values.t)", "'x' in device.tags",
				"device.tags.exists(t, t == 'x')", "event.values.t > 1.0 ? true : false", "size(device.name) > 2",
				"event.time > timestamp('2026-01-01T00:00:00Z')", "device.name.startsWith('a')", "[1, 2] == [1, 2]")))
			.allSatisfy(e -> assertThat(e.direct()).as(e.text()).isNull());
	}

	private List<Expression> compileAll(List<String> texts) {
		List<Expression> compiled = new ArrayList<>();
		for (String text : texts) {
			List<AppProblem> problems = new ArrayList<>();
			Expression expression = expressions.compile("$.x", text, AppExpressions.Result.ANY, 0, problems,
					AppProblem.Code.CEL_SYNTAX);
			if (expression != null) {
				compiled.add(expression);
			}
		}
		return compiled;
	}

	@FunctionalInterface
	interface Evaluation {

		Object run() throws Expression.Failure;
	}

	/** A value with its type, or the error's message. */
	static String outcome(Evaluation evaluation) {
		try {
			Object value = evaluation.run();
			return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
		}
		catch (Expression.Failure e) {
			return "error:" + e.getMessage();
		}
	}
}
