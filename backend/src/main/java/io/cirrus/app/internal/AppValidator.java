package io.cirrus.app.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.cirrus.app.AppDocument;
import io.cirrus.app.AppFormat;
import io.cirrus.app.AppProblem;
import io.cirrus.app.AppProblem.Code;
import io.cirrus.app.AppValidation;

/**
 * Validates an app document: its syntax, its schema, what it means on its own (ids, references, schedules,
 * permissions, every CEL expression and template) and what it names of the tenant. Every problem at once, each at
 * its JSON path, with line and column in the author's text and, inside an expression or template, the offset.
 */
@Component
public class AppValidator {

	private final TenantChecks tenant;

	AppValidator(TenantChecks tenant) {
		this.tenant = tenant;
	}

	/**
	 * A checked document.
	 *
	 * @param document   the document when it reads whole (whatever its other problems), else null
	 * @param compiled   the compiled app when nothing is an error, else null
	 * @param validation every problem
	 */
	public record Checked(@Nullable AppDocument document, @Nullable CompiledApp compiled, AppValidation validation) {
	}

	/** Checks the text of an app; {@code self} is the app it is a version of, if it exists yet. */
	public Checked check(String text, AppFormat format, @Nullable UUID self) {
		return check(text, format, document -> tenant.check(document, self));
	}

	/** Checks the text of an app; {@code tenantChecks} adds what the tenant's data says of a document read whole. */
	static Checked check(String text, AppFormat format, Function<AppDocument, List<AppProblem>> tenantChecks) {
		AppSource source;
		try {
			source = AppSource.parse(text, format);
		}
		catch (AppSource.SyntaxError e) {
			AppProblem problem = AppProblem.error(Code.SYNTAX, "$", e.getMessage());
			if (e.position() != null) {
				problem = problem.at(e.position().line(), e.position().column());
			}
			return new Checked(null, null, AppValidation.of(List.of(problem)));
		}
		List<AppProblem> problems = new ArrayList<>(AppSchema.get().check(source));
		AppBinder.Bound bound = AppBinder.bind(source.tree(), problems.isEmpty());
		AppCompiler.Compilation compilation = AppCompiler.compile(bound);
		for (AppProblem problem : compilation.problems()) {
			problems.add(new AppProblem(problem.severity(), problem.code(), bound.indexes().remap(problem.path()), null,
					null, problem.offset(), problem.message()));
		}
		if (bound.complete()) {
			problems.addAll(tenantChecks.apply(bound.document()));
		}
		List<AppProblem> located = new ArrayList<>(problems.size());
		for (AppProblem problem : problems) {
			located.add(locate(source, problem));
		}
		located.sort(Comparator.comparing((AppProblem p) -> p.line() == null ? Integer.MAX_VALUE : p.line())
			.thenComparing(p -> p.column() == null ? Integer.MAX_VALUE : p.column()));
		AppValidation validation = AppValidation.of(located);
		// Only a version without errors runs, in a dry-run or deployed, whatever the compiler made of it.
		return new Checked(bound.complete() ? bound.document() : null, validation.valid() ? compilation.app() : null,
				validation);
	}

	private static AppProblem locate(AppSource source, AppProblem problem) {
		if (problem.line() != null) {
			return problem;
		}
		AppSource.Position at = problem.offset() != null ? source.locateInside(problem.path(), problem.offset())
				: source.locate(problem.path());
		return at == null ? problem : problem.at(at.line(), at.column());
	}
}
