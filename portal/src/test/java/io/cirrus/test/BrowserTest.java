package io.cirrus.test;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the browser tests: a fresh headless Chromium per test, closed after it with a screenshot named after the
 * test method (in {@code portal/target/screenshots}, for looking at what a failing test saw).
 */
public abstract class BrowserTest {

	protected Browser browser;

	protected String testName;

	@BeforeEach
	void openBrowser(TestInfo info) {
		browser = new Browser();
		testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
	}

	@AfterEach
	void closeBrowser() {
		browser.screenshot(testName);
		browser.close();
	}
}
