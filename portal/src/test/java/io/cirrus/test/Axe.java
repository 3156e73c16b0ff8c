package io.cirrus.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.openqa.selenium.JavascriptExecutor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * axe-core, the accessibility engine, run in the page a browser test shows. Its script comes from the axe-core
 * WebJar on the test class path and is injected with {@code executeScript}: nothing is served by the application and
 * no npm is involved.
 */
public final class Axe {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SCRIPT = load();

	private Axe() {
	}

	/** One rule that failed, how bad axe rates it, and the elements that fail it (shadow DOM paths joined by >>). */
	public record Violation(String rule, String impact, String help, List<String> targets, String why) {

		public boolean criticalOrSerious() {
			return "critical".equals(impact) || "serious".equals(impact);
		}

		@Override
		public String toString() {
			return rule + " (" + impact + "): " + help + " — " + String.join(", ", targets) + " — first: " + why;
		}
	}

	/** Every violation axe finds on the page as it is now. */
	public static List<Violation> check(Browser browser) {
		JavascriptExecutor js = (JavascriptExecutor) browser.driver();
		if (!Boolean.TRUE.equals(js.executeScript("return !!window.axe"))) {
			js.executeScript(SCRIPT);
		}
		// An ARIA child that is hidden (visibility: hidden, display: none) is not exposed to assistive technology.
		// axe-core 4.6 still counts such children for aria-required-children: Vaadin's grid keeps hidden sizer cells in
		// a caption of its table. Nodes whose every offending child is hidden are dropped; anything visible stays.
		String result = (String) js.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const hidden = e => !e || !e.isConnected || !e.checkVisibility({ visibilityProperty: true });
				axe.run(document, { resultTypes: ['violations'], elementRef: true })
				  .then(r => done(JSON.stringify(r.violations.map(v => {
				    const onlyHiddenChildren = n => {
				      const children = n.any.concat(n.all, n.none).flatMap(c => c.relatedNodes || []);
				      return children.length > 0 && children.every(r => hidden(r.element));
				    };
				    const nodes = v.nodes.filter(n => v.id !== 'aria-required-children' || !onlyHiddenChildren(n));
				    return {
				      id: v.id, impact: v.impact, help: v.help,
				      targets: nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >> ') : t).join(' >> ')),
				      why: ((nodes[0] && nodes[0].failureSummary || '') + ' ' + (nodes[0] ? nodes[0].any.concat(nodes[0].all, nodes[0].none)
				        .flatMap(c => c.relatedNodes || []).slice(0, 3).map(r => r.html.substring(0, 160)).join(' | ') : '')).replace(/\\s+/g, ' ')
				    };
				  }).filter(v => v.targets.length > 0))))
				  .catch(e => done(JSON.stringify({ error: String(e) })));
				""");
		JsonNode answer = JSON.readTree(result);
		if (answer.has("error")) {
			throw new IllegalStateException("axe-core failed on " + browser.currentUrl() + ": " + answer.get("error").asString());
		}
		List<Violation> violations = new ArrayList<>();
		for (JsonNode v : answer) {
			List<String> targets = new ArrayList<>();
			v.get("targets").forEach(t -> targets.add(t.asString()));
			violations.add(new Violation(v.get("id").asString(), v.path("impact").asString("unknown"), v.get("help").asString(),
					targets, v.path("why").asString("")));
		}
		return violations;
	}

	private static String load() {
		ClassLoader loader = Axe.class.getClassLoader();
		try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
			if (pom == null) {
				throw new IllegalStateException("The axe-core WebJar (org.webjars.npm:axe-core) is not on the test class path");
			}
			Properties properties = new Properties();
			properties.load(pom);
			String path = "META-INF/resources/webjars/axe-core/" + properties.getProperty("version") + "/axe.min.js";
			try (InputStream script = loader.getResourceAsStream(path)) {
				if (script == null) {
					throw new IllegalStateException("No " + path + " in the axe-core WebJar");
				}
				return new String(script.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
