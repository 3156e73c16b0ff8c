package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.cirrus.test.Await;
import io.cirrus.test.Axe;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.DeviceApi;
import io.cirrus.test.HttpReceiver;
import io.cirrus.test.Keycloak;

/**
 * A developer watches a deployed app work: its metrics page counts the invocations as readings arrive, draws its
 * charts full width, lists the failed webhook calls with the reading that caused them; the apps list and the usage
 * page show the same figures.
 */
@CirrusIntegrationTest
class AppMetricsBrowserTests extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AppDeployments deployments;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void theMetricsViewCountsInvocationsLiveAndShowsEachErrorWithItsEvent() {
		RuntimeFixture.runtimeAssigned(listeners);
		String dev = Keycloak.token("acme-dev");
		String tag = AppFixture.tag();
		String name = AppFixture.name("Watched");
		DeviceApi.Registered device = AppFixture.register(dev, "Pump " + tag, tag);
		try (HttpReceiver receiver = new HttpReceiver(0)) {
			receiver.answer(r -> 503);
			String app = AppFixture.create(dev, AppRuntimeIsolationIntegrationTests.counter(name, tag, receiver, 1)).json()
				.get("app").asString();
			RuntimeFixture.deploy(RuntimeFixture.acme(jdbc), deployments, app, 1);

			browser.signIn("acme-dev");
			browser.open("/apps/" + app + "?view=metrics");
			assertThat(browser.waitFor(By.id("kpi-app-invocations")).getText()).startsWith("0");

			send(device, 1);
			send(device, 2);
			browser.waitUntil(d -> d.findElement(By.id("kpi-app-invocations")).getText().startsWith("2"));
			browser.waitUntil(d -> d.findElement(By.id("kpi-app-actions-failed")).getText().startsWith("2"));
			String log = browser.waitUntil(d -> {
				String text = d.findElement(By.id("app-errors")).getText();
				return text.contains("answered 503") ? text : null;
			});
			assertThat(log).contains("telemetry of Pump " + tag).contains("\"n\":2").contains("v1");
			assertThat(browser.waitFor(By.id("kpi-app-actions-failed")).getAttribute("class")).contains("bad");

			Browser.Box panel = browser.box("#app-metrics");
			for (String chart : List.of("#chart-app-invocations", "#chart-app-errors", "#chart-app-latency")) {
				Browser.Box box = browser.box(chart);
				assertThat(box.width()).as(chart + " width").isGreaterThan(panel.width() * 0.9);
				assertThat(box.height()).as(chart + " height").isGreaterThanOrEqualTo(200);
			}
			assertThat(browser.horizontalOverflow()).isZero();
			assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
			browser.screenshot("app-metrics");

			browser.open("/apps?name=" + name.replace(" ", "%20"));
			String row = browser.waitUntil(d -> {
				String text = d.findElement(By.id("app-grid")).getText();
				return text.contains(name) ? text : null;
			});
			assertThat(row).contains("Invocations 24 h").contains("Errors 24 h");
			Await.until("the counts in the list", Duration.ofSeconds(20), () -> {
				browser.open("/apps?name=" + name.replace(" ", "%20"));
				String text = browser.waitFor(By.id("app-grid")).getText();
				return text.contains(name) && text.replaceAll("\\s+", " ").matches(".*" + java.util.regex.Pattern.quote(name) + " v1 .* 2 2 .*");
			});

			browser.open("/usage");
			browser.waitUntil(d -> !d.findElement(By.id("kpi-usage-invocations")).getText().startsWith("—"));
			assertThat(Long.parseLong(browser.waitFor(By.cssSelector("#kpi-usage-invocations .cirrus-kpi-value")).getText()))
				.isGreaterThanOrEqualTo(2);
			Browser.Box chart = browser.box("#chart-usage");
			assertThat(chart.width()).isGreaterThan(400);
			assertThat(chart.height()).isGreaterThanOrEqualTo(200);
			assertThat(browser.waitFor(By.id("usage-days")).getText()).contains("Day (UTC)");
			assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
			browser.screenshot("usage");
		}
	}

	private static void send(DeviceApi.Registered device, int n) {
		assertThat(DeviceApi.post("/api/v1/telemetry", device.token(), io.cirrus.test.Api.json(java.util.Map.of("values", java.util.Map.of("n", n)))).status()).isEqualTo(202);
	}
}
