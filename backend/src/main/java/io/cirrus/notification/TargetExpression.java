package io.cirrus.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.cirrus.shared.CirrusException;
import io.cirrus.shared.Roles;

/**
 * A target expression selects recipients of a tenant: {@code tag:floor-3 && !tag:test}, {@code role:viewer},
 * {@code all}, combined with {@code &&}, {@code ||}, {@code !} and parentheses ({@code !} binds tightest, then
 * {@code &&}, then {@code ||}).
 * <p>
 * Every recipient (user, device, external endpoint) has tags; users also have their Cirrus realm roles. So
 * {@code tag:x} matches any recipient tagged {@code x}, {@code role:y} matches only users with role {@code y}, and
 * {@code all} matches every recipient of the tenant. See {@code docs/adr/0012-broadcast-expansion.md}.
 * <p>
 * Parsing never throws anything but a 400 problem whose detail names the position (1-based) of the mistake.
 */
public final class TargetExpression {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final int MAX_LENGTH = 1000;

	private final String text;

	private final Node root;

	private TargetExpression(String text, Node root) {
		this.text = text;
		this.root = root;
	}

	/** The syntax tree. */
	public sealed interface Node permits All, Tag, Role, Not, And, Or {
	}

	public record All() implements Node {
	}

	public record Tag(String name) implements Node {
	}

	public record Role(String name) implements Node {
	}

	public record Not(Node operand) implements Node {
	}

	public record And(Node left, Node right) implements Node {
	}

	public record Or(Node left, Node right) implements Node {
	}

	public static TargetExpression parse(String text) {
		if (text == null || text.isBlank()) {
			throw error("is empty: write e.g. 'all', 'role:viewer' or 'tag:floor-3 && !tag:test'");
		}
		if (text.length() > MAX_LENGTH) {
			throw error("is longer than " + MAX_LENGTH + " characters");
		}
		Parser parser = new Parser(text);
		Node root = parser.or();
		parser.skipSpace();
		if (!parser.atEnd()) {
			throw parser.unexpected("'&&', '||' or the end");
		}
		return new TargetExpression(text.strip(), root);
	}

	public String text() {
		return text;
	}

	public Node root() {
		return root;
	}

	/** Whether evaluating it needs the tenant's users (it names a role or everyone). */
	public boolean involvesUsers() {
		return involvesUsers(root);
	}

	private static boolean involvesUsers(Node node) {
		return switch (node) {
			case All a -> true;
			case Role r -> true;
			case Tag t -> false;
			case Not n -> true; // "!tag:x" matches users without the tag
			case And a -> involvesUsers(a.left()) || involvesUsers(a.right());
			case Or o -> involvesUsers(o.left()) || involvesUsers(o.right());
		};
	}

	/** Whether a recipient with these tags and roles is selected. */
	public boolean matches(java.util.Set<String> tags, java.util.Set<String> roles) {
		return matches(root, tags, roles);
	}

	private static boolean matches(Node node, java.util.Set<String> tags, java.util.Set<String> roles) {
		return switch (node) {
			case All a -> true;
			case Tag t -> tags.contains(t.name());
			case Role r -> roles.contains(r.name());
			case Not n -> !matches(n.operand(), tags, roles);
			case And a -> matches(a.left(), tags, roles) && matches(a.right(), tags, roles);
			case Or o -> matches(o.left(), tags, roles) || matches(o.right(), tags, roles);
		};
	}

	/**
	 * The expression as an SQL condition over a recipient row aliased {@code alias} (columns {@code tags} and
	 * {@code roles}, both {@code text[]}), with its parameters in order. Values are always bound, never inlined.
	 */
	public Sql toSql(String alias) {
		List<Object> params = new ArrayList<>();
		String sql = sql(root, alias, params);
		return new Sql(sql, params);
	}

	private static String sql(Node node, String alias, List<Object> params) {
		return switch (node) {
			case All a -> "true";
			case Tag t -> {
				params.add(t.name());
				yield alias + ".tags @> array[?]::text[]";
			}
			case Role r -> {
				params.add(r.name());
				yield alias + ".roles @> array[?]::text[]";
			}
			case Not n -> "not (" + sql(n.operand(), alias, params) + ")";
			case And a -> "(" + sql(a.left(), alias, params) + " and " + sql(a.right(), alias, params) + ")";
			case Or o -> "(" + sql(o.left(), alias, params) + " or " + sql(o.right(), alias, params) + ")";
		};
	}

	/** An SQL condition and its parameters. */
	public record Sql(String condition, List<Object> params) {
	}

	@Override
	public String toString() {
		return text;
	}

	private static CirrusException error(String message) {
		return new CirrusException(NotificationProblems.INVALID_TARGET, "The target expression " + message + ".",
				Map.of("errors", List.of(Map.of("field", "target", "message", message))));
	}

	private static final class Parser {

		private final String text;

		private int pos;

		private int depth;

		Parser(String text) {
			this.text = text;
		}

		Node or() {
			Node left = and();
			while (true) {
				skipSpace();
				if (text.startsWith("||", pos)) {
					pos += 2;
					left = new Or(left, and());
				}
				else {
					return left;
				}
			}
		}

		Node and() {
			Node left = unary();
			while (true) {
				skipSpace();
				if (text.startsWith("&&", pos)) {
					pos += 2;
					left = new And(left, unary());
				}
				else {
					return left;
				}
			}
		}

		Node unary() {
			skipSpace();
			if (pos < text.length() && text.charAt(pos) == '!') {
				pos++;
				return new Not(unary());
			}
			return primary();
		}

		Node primary() {
			skipSpace();
			if (atEnd()) {
				throw unexpected("'tag:<name>', 'role:<name>', 'all', '!' or '('");
			}
			if (text.charAt(pos) == '(') {
				int open = pos;
				pos++;
				if (++depth > 50) {
					throw error("nests parentheses deeper than 50 at position " + (open + 1));
				}
				Node inner = or();
				skipSpace();
				if (atEnd() || text.charAt(pos) != ')') {
					throw error("has an unclosed '(' at position " + (open + 1) + ": expected ')' at position "
							+ (pos + 1));
				}
				pos++;
				depth--;
				return inner;
			}
			int start = pos;
			while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "._-:".indexOf(text.charAt(pos)) >= 0)) {
				pos++;
			}
			String word = text.substring(start, pos);
			if (word.equals("all")) {
				return new All();
			}
			int colon = word.indexOf(':');
			if (colon < 0) {
				pos = start;
				throw unexpected("'tag:<name>', 'role:<name>', 'all', '!' or '('");
			}
			String kind = word.substring(0, colon);
			String name = word.substring(colon + 1);
			if (!kind.equals("tag") && !kind.equals("role")) {
				throw error("has an unknown selector '" + kind + ":' at position " + (start + 1)
						+ ": use 'tag:' or 'role:'");
			}
			if (!NAME.matcher(name).matches()) {
				throw error("has an invalid " + kind + " name '" + name + "' at position " + (start + colon + 2)
						+ ": use 1 to 64 letters, digits, '.', '_' or '-'");
			}
			if (kind.equals("role")) {
				if (!Roles.ALL.contains(name)) {
					throw error("names an unknown role '" + name + "' at position " + (start + colon + 2) + ": use one of "
							+ String.join(", ", Roles.ALL));
				}
				return new Role(name);
			}
			return new Tag(name);
		}

		void skipSpace() {
			while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
				pos++;
			}
		}

		boolean atEnd() {
			return pos >= text.length();
		}

		CirrusException unexpected(String expected) {
			String found = atEnd() ? "the end" : "'" + text.charAt(pos) + "'";
			return error("expects " + expected + " at position " + (pos + 1) + " but found " + found);
		}
	}
}
