package io.cirrus.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through the real Keycloak login. Selenium never downloads a browser: the binary
 * and the driver are named explicitly.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final WebDriver driver;

	private final Path profile;

	private final WebDriverWait wait;

	public Browser() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException(
					"Chromium and ChromeDriver are needed for browser tests: apt-get install -y chromium chromium-driver");
		}
		try {
			profile = Files.createTempDirectory("cirrus-chromium");
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		driver = new ChromeDriver(service, options);
		// Live views (polling) re-render while a test reads them: an element gone stale is looked up again.
		wait = new WebDriverWait(driver, Duration.ofSeconds(30));
		wait.ignoring(StaleElementReferenceException.class);
	}

	public WebDriver driver() {
		return driver;
	}

	public void open(String path) {
		driver.get(CirrusIntegrationTest.BASE_URL + path);
	}

	/** Signs in on Keycloak's two-step page (username, then password) and waits for the portal. */
	public void signIn(String username) {
		signIn(username, By.id("side-nav"));
	}

	/** Signs in like {@link #signIn(String)} and waits for {@code landing} instead of the navigation. */
	public void signIn(String username, By landing) {
		open("/");
		typeAndSubmit(By.id("username"), username);
		typeAndSubmit(By.id("password"), Keycloak.PASSWORD);
		waitFor(landing);
	}

	/**
	 * Signs in with a temporary password: Keycloak then asks for a new one (twice) before it lets the user into the
	 * portal.
	 */
	public void signInWithTemporaryPassword(String username, String temporaryPassword, String newPassword) {
		open("/");
		typeAndSubmit(By.id("username"), username);
		typeAndSubmit(By.id("password"), temporaryPassword);
		waitFor(By.id("password-new")).sendKeys(newPassword);
		WebElement confirm = waitFor(By.id("password-confirm"));
		confirm.sendKeys(newPassword);
		confirm.sendKeys(org.openqa.selenium.Keys.ENTER);
		waitFor(By.id("side-nav"));
	}

	private void typeAndSubmit(By field, String text) {
		WebElement input = waitFor(field);
		input.clear();
		input.sendKeys(text);
		driver.findElement(By.id("kc-login")).click();
	}

	public WebElement waitFor(By by) {
		return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	public <T> T waitUntil(Function<WebDriver, T> condition) {
		return wait.until(condition::apply);
	}

	public List<WebElement> findAll(By by) {
		return driver.findElements(by);
	}

	public String currentUrl() {
		return driver.getCurrentUrl();
	}

	/**
	 * Presses the confirm button of the open confirm dialog, after checking it says {@code action} (what a person reads
	 * before agreeing), and waits for the server.
	 */
	public void confirm(String action) {
		WebElement button = wait.until(d -> d.findElements(By.cssSelector("vaadin-button[slot='confirm-button']"))
			.stream()
			.filter(WebElement::isDisplayed)
			.findFirst()
			.orElse(null));
		if (!action.equals(button.getText())) {
			throw new AssertionError("The confirm dialog offers '" + button.getText() + "', not '" + action + "'");
		}
		button.click();
		settle();
	}

	/** Waits until Vaadin has no request under way, so the page reflects the server. */
	public void settle() {
		wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
				"return !!window.Vaadin && !!window.Vaadin.Flow && Object.values(window.Vaadin.Flow.clients || {}).every(c => !c.isActive())")));
	}

	/**
	 * Waits until what a person would see is drawn: no Vaadin request under way, web fonts loaded, every chart on the
	 * page drawn (charts mark themselves with {@code data-points}), and two animation frames painted. A headless
	 * screenshot taken before that shows half a page.
	 */
	public void awaitRendered() {
		settle();
		wait.until(d -> Boolean.TRUE.equals(js("return document.fonts.status === 'loaded'"
				+ " && Array.from(document.querySelectorAll('.cirrus-chart')).every(c => c.hasAttribute('data-points'))")));
		((JavascriptExecutor) driver).executeAsyncScript(
				"const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
		settle();
	}

	/**
	 * A screenshot of a main page for a reviewer, under {@code target/screenshots/pages/<name>.png}, taken once the
	 * page is fully drawn.
	 */
	public Path capture(String name) {
		awaitRendered();
		try {
			Path dir = Files.createDirectories(Path.of("target", "screenshots", "pages"));
			Path file = dir.resolve(name + ".png");
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException e) {
			throw new IllegalStateException("Could not save the screenshot " + name, e);
		}
	}

	/** Resizes the window so that the page's viewport is {@code width} x {@code height} CSS pixels. */
	public void viewport(int width, int height) {
		driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
		Number innerWidth = (Number) js("return window.innerWidth");
		Number innerHeight = (Number) js("return window.innerHeight");
		driver.manage().window().setSize(new org.openqa.selenium.Dimension(
				2 * width - innerWidth.intValue(), 2 * height - innerHeight.intValue()));
		settle();
	}

	/** Where an element is drawn, in CSS pixels of the viewport. */
	public record Box(double left, double top, double width, double height) {

		public double right() {
			return left + width;
		}

		public double bottom() {
			return top + height;
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "%.0fx%.0f at (%.0f, %.0f)", width, height, left, top);
		}
	}

	/** The box of the element {@code cssSelector} finds (in the light DOM). */
	public Box box(String cssSelector) {
		return boxes(cssSelector).stream()
			.findFirst()
			.orElseThrow(() -> new AssertionError("Nothing on the page matches " + cssSelector));
	}

	/** The boxes of every element {@code cssSelector} finds (in the light DOM), in document order. */
	@SuppressWarnings("unchecked")
	public List<Box> boxes(String cssSelector) {
		List<Map<String, Number>> rects = (List<Map<String, Number>>) js(
				"return Array.from(document.querySelectorAll(arguments[0])).map(e => { const r = e.getBoundingClientRect();"
						+ " return {left: r.left, top: r.top, width: r.width, height: r.height}; })",
				cssSelector);
		return rects.stream()
			.map(r -> new Box(r.get("left").doubleValue(), r.get("top").doubleValue(), r.get("width").doubleValue(),
					r.get("height").doubleValue()))
			.toList();
	}

	/** The width inside an element's padding: what its children have to share. */
	public double contentWidth(String cssSelector) {
		return ((Number) js("const e = document.querySelector(arguments[0]), s = getComputedStyle(e);"
				+ " return e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);", cssSelector))
			.doubleValue();
	}

	/** A computed style property of the element {@code cssSelector} finds, as the browser resolved it. */
	public String computedStyle(String cssSelector, String property) {
		return (String) js("const e = document.querySelector(arguments[0]);"
				+ " return e ? getComputedStyle(e).getPropertyValue(arguments[1]) : null;", cssSelector, property);
	}

	/**
	 * How far the page scrolls sideways (0 when it fits the viewport's width): the largest overflow of the containers
	 * that scroll the page's main content (the document, the app layout), walking up from the main landmark through
	 * slots and shadow roots. A grid or a tab bar that scrolls inside itself does not count.
	 */
	public int horizontalOverflow() {
		return ((Number) js("""
				let worst = 0;
				const check = e => {
				  const s = getComputedStyle(e);
				  const scrolls = e === document.scrollingElement || s.overflowX === 'auto' || s.overflowX === 'scroll';
				  if (scrolls) worst = Math.max(worst, e.scrollWidth - e.clientWidth);
				};
				let e = document.querySelector('[role=main]');
				while (e) {
				  check(e);
				  e = e.assignedSlot || e.parentElement || (e.getRootNode() instanceof ShadowRoot ? e.getRootNode().host : null);
				}
				check(document.scrollingElement || document.documentElement);
				return worst;""")).intValue();
	}

	public Object js(String script, Object... arguments) {
		return ((JavascriptExecutor) driver).executeScript(script, arguments);
	}

	/** Saves a screenshot under target/screenshots, for a failing test's report. */
	public Path screenshot(String name) {
		try {
			Path dir = Files.createDirectories(Path.of("target", "screenshots"));
			Path file = dir.resolve(name + ".png");
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException | RuntimeException e) {
			return Path.of("none");
		}
	}

	@Override
	public void close() {
		driver.quit();
		try (var files = Files.walk(profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException e) {
			// a leftover temporary profile is harmless
		}
	}
}
