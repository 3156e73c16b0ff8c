package io.cirrus.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cirrus.notification.TargetExpression.And;
import io.cirrus.notification.TargetExpression.Not;
import io.cirrus.notification.TargetExpression.Or;
import io.cirrus.notification.TargetExpression.Role;
import io.cirrus.notification.TargetExpression.Tag;
import io.cirrus.shared.CirrusException;

class TargetExpressionTests {

	@Test
	void parsesTheIssueExamples() {
		assertThat(TargetExpression.parse("tag:floor-3 && !tag:test").root())
			.isEqualTo(new And(new Tag("floor-3"), new Not(new Tag("test"))));
		assertThat(TargetExpression.parse("role:viewer").root()).isEqualTo(new Role("viewer"));
		assertThat(TargetExpression.parse("all").root()).isInstanceOf(TargetExpression.All.class);
	}

	@Test
	void andBindsTighterThanOrAndNotTighterThanAnd() {
		assertThat(TargetExpression.parse("tag:a || tag:b && !tag:c").root())
			.isEqualTo(new Or(new Tag("a"), new And(new Tag("b"), new Not(new Tag("c")))));
		assertThat(TargetExpression.parse("(tag:a || tag:b) && tag:c").root())
			.isEqualTo(new And(new Or(new Tag("a"), new Tag("b")), new Tag("c")));
		assertThat(TargetExpression.parse("!!tag:a").root()).isEqualTo(new Not(new Not(new Tag("a"))));
	}

	@Test
	void whitespaceIsFree() {
		assertThat(TargetExpression.parse("  ( tag:a&&tag:b )||role:developer ").root())
			.isEqualTo(new Or(new And(new Tag("a"), new Tag("b")), new Role("developer")));
	}

	@Test
	void matchesTagsForEveryoneAndRolesForUsersOnly() {
		TargetExpression e = TargetExpression.parse("(tag:floor-3 || role:viewer) && !tag:test");
		assertThat(e.matches(Set.of("floor-3"), Set.of())).isTrue();
		assertThat(e.matches(Set.of("floor-3", "test"), Set.of())).isFalse();
		assertThat(e.matches(Set.of(), Set.of("viewer"))).isTrue();
		assertThat(e.matches(Set.of(), Set.of("developer"))).isFalse();
		assertThat(TargetExpression.parse("all").matches(Set.of(), Set.of())).isTrue();
	}

	@Test
	void compilesToParameterisedSqlNeverInliningNames() {
		TargetExpression.Sql sql = TargetExpression.parse("tag:x && !role:viewer").toSql("r");
		assertThat(sql.condition()).isEqualTo("(r.tags @> array[?]::text[] and not (r.roles @> array[?]::text[]))");
		assertThat(sql.params()).isEqualTo(List.of("x", "viewer"));
		assertThat(TargetExpression.parse("all").toSql("r").condition()).isEqualTo("true");
	}

	@Test
	void knowsWhichExpressionsNeedTheUserDirectory() {
		assertThat(TargetExpression.parse("tag:a && tag:b").involvesUsers()).isFalse();
		assertThat(TargetExpression.parse("tag:a || role:viewer").involvesUsers()).isTrue();
		assertThat(TargetExpression.parse("all").involvesUsers()).isTrue();
	}

	@Test
	void errorsNameThePosition() {
		assertError("tag:a &&", "position 9", "the end");
		assertError("tag:a & tag:b", "position 7");
		assertError("(tag:a || tag:b", "unclosed '(' at position 1");
		assertError("tag:a )", "position 7");
		assertError("colour:red", "unknown selector 'colour:' at position 1");
		assertError("tag:a && role:janitor", "unknown role 'janitor' at position 15");
		assertError("tag:", "invalid tag name '' at position 5");
		assertError("tag:a b", "position 7");
		assertError("everyone", "position 1");
		assertError("", "empty");
		assertError("   ", "empty");
		assertError("tag:" + "x".repeat(65), "invalid tag name");
		assertError("(".repeat(60) + "tag:a" + ")".repeat(60), "deeper than 50");
		assertError("tag:a ||", "position 9");
	}

	@Test
	void refusesOverlongExpressions() {
		assertError("tag:a || ".repeat(200) + "tag:a", "longer than 1000");
	}

	private static void assertError(String text, String... fragments) {
		assertThatThrownBy(() -> TargetExpression.parse(text)).isInstanceOf(CirrusException.class)
			.satisfies(e -> {
				assertThat(((CirrusException) e).type()).isEqualTo(NotificationProblems.INVALID_TARGET);
				assertThat(e.getMessage()).contains(fragments);
			});
	}
}
