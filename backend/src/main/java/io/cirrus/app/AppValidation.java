package io.cirrus.app;

import java.util.List;

/**
 * The outcome of validating an app document: every problem at once, errors and warnings. A version is valid when
 * it has no errors; only a valid version can be dry-run and deployed.
 */
public record AppValidation(boolean valid, int errors, int warnings, List<AppProblem> problems) {

	public static AppValidation of(List<AppProblem> problems) {
		int errors = (int) problems.stream().filter(AppProblem::isError).count();
		return new AppValidation(errors == 0, errors, problems.size() - errors, List.copyOf(problems));
	}
}
