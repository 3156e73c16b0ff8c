package io.cirrus.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.helger.css.parser.ParseException;
import com.helger.css.reader.CSSReader;
import com.helger.css.reader.CSSReaderSettings;
import com.helger.css.reader.errorhandler.CSSParseError;
import com.helger.css.reader.errorhandler.CollectingCSSParseErrorHandler;

/**
 * Our stylesheets are static resources that no build step reads: a rule left open silently disabled every rule after
 * it (every health chart drew 100 px wide) while every test passed. Each stylesheet is parsed with a real CSS parser
 * (ph-css, strict mode: no nesting either, whose meaning differs between browsers and is not needed here) and its
 * braces are counted; a problem fails the build naming the file and the line.
 */
class StylesheetTests {

	private static final Path RESOURCES = Path.of("src", "main", "resources", "META-INF", "resources");

	@Test
	void everyStylesheetParsesWithoutErrorsAndBalancedBraces() throws IOException {
		List<Path> sheets;
		try (Stream<Path> files = Files.walk(RESOURCES)) {
			sheets = files.filter(p -> p.toString().endsWith(".css")).sorted().toList();
		}
		assertThat(sheets).as("stylesheets under " + RESOURCES.toAbsolutePath()).isNotEmpty();
		List<String> problems = new ArrayList<>();
		for (Path sheet : sheets) {
			String name = RESOURCES.relativize(sheet).toString();
			problems.addAll(problems(name, Files.readString(sheet)));
		}
		assertThat(problems).as("CSS problems (file:line: what)").isEmpty();
	}

	@Test
	void findsTheRuleThatWasLeftOpen() {
		String broken = """
				.inbox-entry audio {
				  display: block;
				  height: 2em;
				.cirrus-kpis {
				  display: grid;
				}
				""";
		assertThat(problems("broken.css", broken)).contains("broken.css:1: '{' is never closed")
			.anyMatch(p -> p.startsWith("broken.css:4: "));
	}

	@Test
	void findsAStrayClosingBraceAndASyntaxError() {
		assertThat(problems("stray.css", ".a { color: red; }\n}\n")).contains("stray.css:2: '}' closes nothing");
		assertThat(problems("typo.css", ".a { color: red;\n  width 10px; }\n.b { color: blue; }\n"))
			.anyMatch(p -> p.startsWith("typo.css:2: "));
	}

	/** Every problem in {@code css} as {@code file:line: what}; empty when the sheet is sound. */
	static List<String> problems(String file, String css) {
		List<String> problems = new ArrayList<>(braces(file, css));
		CollectingCSSParseErrorHandler errors = new CollectingCSSParseErrorHandler();
		List<ParseException> fatal = new ArrayList<>();
		CSSReaderSettings settings = new CSSReaderSettings().setBrowserCompliantMode(false)
			.setCustomErrorHandler(errors)
			.setCustomExceptionHandler(fatal::add);
		if (CSSReader.readFromStringReader(css, settings) == null && fatal.isEmpty() && !errors.hasParseErrors()) {
			problems.add(file + ": the parser could not read it");
		}
		for (CSSParseError error : errors.getAllParseErrors()) {
			int line = error.getFirstSkippedToken() != null ? error.getFirstSkippedToken().getBeginLine()
					: error.getLastValidToken() != null ? error.getLastValidToken().getBeginLine() : 0;
			problems.add(file + ":" + line + ": " + shorten(error.getErrorMessage()));
		}
		for (ParseException e : fatal) {
			int line = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next.beginLine : 0;
			problems.add(file + ":" + line + ": " + shorten(e.getMessage()));
		}
		return problems;
	}

	/** Opening and closing braces outside comments and strings must pair up. */
	private static List<String> braces(String file, String css) {
		List<String> problems = new ArrayList<>();
		Deque<Integer> open = new ArrayDeque<>();
		int line = 1;
		for (int i = 0; i < css.length(); i++) {
			char c = css.charAt(i);
			if (c == '\n') {
				line++;
			}
			else if (c == '/' && i + 1 < css.length() && css.charAt(i + 1) == '*') {
				int end = css.indexOf("*/", i + 2);
				int stop = end < 0 ? css.length() : end + 2;
				line += (int) css.substring(i, stop).chars().filter(ch -> ch == '\n').count();
				if (end < 0) {
					problems.add(file + ":" + line + ": a comment is never closed");
				}
				i = stop - 1;
			}
			else if (c == '"' || c == '\'') {
				int j = i + 1;
				while (j < css.length() && css.charAt(j) != c && css.charAt(j) != '\n') {
					j += css.charAt(j) == '\\' ? 2 : 1;
				}
				i = Math.min(j, css.length() - 1);
				if (j < css.length() && css.charAt(j) == '\n') {
					line++;
				}
			}
			else if (c == '{') {
				open.push(line);
			}
			else if (c == '}') {
				if (open.isEmpty()) {
					problems.add(file + ":" + line + ": '}' closes nothing");
				}
				else {
					open.pop();
				}
			}
		}
		open.descendingIterator().forEachRemaining(at -> problems.add(file + ":" + at + ": '{' is never closed"));
		return problems;
	}

	private static String shorten(String message) {
		String text = message == null ? "syntax error" : message.replace('\n', ' ');
		int expecting = text.indexOf(" Was expecting");
		return expecting > 0 ? text.substring(0, expecting) : text;
	}
}
