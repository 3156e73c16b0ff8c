package io.cirrus.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
		open("/");
		typeAndSubmit(By.id("username"), username);
		typeAndSubmit(By.id("password"), Keycloak.PASSWORD);
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

	/** Waits until Vaadin has no request under way, so the page reflects the server. */
	public void settle() {
		wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
				"return !!window.Vaadin && !!window.Vaadin.Flow && Object.values(window.Vaadin.Flow.clients || {}).every(c => !c.isActive())")));
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
