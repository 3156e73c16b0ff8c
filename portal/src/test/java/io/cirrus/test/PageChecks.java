package io.cirrus.test;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person would stumble on in the page a browser shows (ADR 0025): critical or serious axe-core violations,
 * not exactly one {@code h1} or one main landmark, sideways scrolling.
 */
public final class PageChecks {

	private PageChecks() {
	}

	/** The problems of the page now shown, each prefixed with {@code where} and saying what is wrong. */
	public static List<String> problems(Browser browser, String where) {
		List<String> problems = new ArrayList<>();
		Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).forEach(v -> problems.add(where + ": " + v));
		long h1 = ((Number) browser.js("return document.querySelectorAll('h1').length")).longValue();
		if (h1 != 1) {
			problems.add(where + ": " + h1 + " h1 headings (one names the page)");
		}
		long main = ((Number) browser.js("""
				const all = [];
				(function walk(root) {
				  root.querySelectorAll('main, [role=main]').forEach(e => all.push(e));
				  root.querySelectorAll('*').forEach(e => e.shadowRoot && walk(e.shadowRoot));
				})(document);
				return all.length;""")).longValue();
		if (main != 1) {
			problems.add(where + ": " + main + " main landmarks");
		}
		int overflow = browser.horizontalOverflow();
		if (overflow > 0) {
			int width = ((Number) browser.js("return window.innerWidth")).intValue();
			problems.add(where + " at " + String.format(java.util.Locale.ROOT, "%,d", width) + " px scrolls " + overflow + " px sideways");
		}
		return problems;
	}
}
