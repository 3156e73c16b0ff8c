package io.cirrus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.cirrus.app.DeviceApps.DeviceApp;
import io.cirrus.device.DeviceRegistry;
import io.cirrus.device.DeviceSummary;
import io.cirrus.shared.DeviceId;
import io.cirrus.test.Axe;
import io.cirrus.test.Browser;
import io.cirrus.test.BrowserTest;
import io.cirrus.test.CirrusIntegrationTest;
import io.cirrus.test.Keycloak;
import io.cirrus.test.TestTenant;

/**
 * The device page lists the deployed apps that read the device (their triggers select it within their permissions)
 * or act on it by name, and follows deployments live; apps not deployed, apps of other devices and other tenants'
 * apps are not listed.
 */
@CirrusIntegrationTest
class DeviceAppsBrowserTests extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AppDeployments deployments;

	@Autowired
	DeviceApps deviceApps;

	@Autowired
	DeviceRegistry devices;

	@Test
	void theDeployedAppsThatReadOrCommandADeviceAreItsAppsAndNoOthers() {
		Fixture f = fixture();
		DeviceSummary device = f.device();
		List<DeviceApp> listed = f.acme.asDeveloper(() -> deviceApps.of(device));
		assertThat(listed).extracting(DeviceApp::name).containsExactlyInAnyOrder(f.readerName, f.commanderName);
		DeviceApp reader = listed.stream().filter(a -> a.name().equals(f.readerName)).findFirst().orElseThrow();
		assertThat(reader.state()).isEqualTo(DeploymentState.RUNNING);
		assertThat(reader.version()).isEqualTo(1);
		assertThat(reader.reads()).containsExactly("readings (telemetry: temperature)");
		assertThat(reader.actsOn()).isEmpty();
		DeviceApp commander = listed.stream().filter(a -> a.name().equals(f.commanderName)).findFirst().orElseThrow();
		assertThat(commander.reads()).isEmpty();
		assertThat(commander.actsOn()).containsExactly("ping-it: command");

		// Another tenant asking about the same device sees none of acme's apps.
		TestTenant other = TestTenant.create(jdbc);
		assertThat(other.asDeveloper(() -> deviceApps.of(device))).isEmpty();

		f.acme.asDeveloper(() -> deployments.stop(UUID.fromString(f.reader), "replaced"));
		assertThat(f.acme.asDeveloper(() -> deviceApps.of(device))).extracting(DeviceApp::name)
			.containsExactly(f.commanderName);
	}

	@Test
	void theDevicePageShowsItsAppsWithTheirStateAndFollowsAStopLive() {
		Fixture f = fixture();
		browser.signIn("acme-dev");
		browser.viewport(1280, 900);
		browser.open("/devices/" + f.deviceId);
		String shown = browser.waitUntil(d -> {
			String text = d.findElement(By.id("device-apps")).getText();
			return text.contains(f.readerName) && text.contains(f.commanderName) ? text : null;
		});
		assertThat(shown).contains("Running").contains("readings (telemetry: temperature)").contains("ping-it: command");
		Browser.Box section = browser.box("#device-apps");
		assertThat(section.width()).as("the apps grid's width").isGreaterThan(600);
		assertThat(browser.horizontalOverflow()).isZero();
		assertThat(Axe.check(browser).stream().filter(Axe.Violation::criticalOrSerious).toList()).isEmpty();
		browser.js("document.getElementById('device-apps').scrollIntoView({block: 'center'})");
		browser.settle();
		browser.screenshot("device-apps");

		f.acme.asDeveloper(() -> deployments.stop(UUID.fromString(f.reader), "replaced"));
		browser.waitUntil(d -> !d.findElement(By.id("device-apps")).getText().contains(f.readerName));

		var link = browser.waitFor(By.xpath("//vaadin-grid[@id='device-apps']//a[normalize-space(.)='" + f.commanderName + "']"));
		browser.js("arguments[0].scrollIntoView({block: 'center'})", link);
		browser.settle();
		link.click();
		browser.waitUntil(d -> d.getCurrentUrl().contains("/apps/" + f.commander));
	}

	/** A device of acme and four apps: two deployed that concern it, one deployed for other devices, one not deployed. */
	private Fixture fixture() {
		String dev = Keycloak.token("acme-dev");
		TestTenant acme = RuntimeFixture.acme(jdbc);
		String tag = AppFixture.tag();
		String deviceId = AppFixture.device(dev, "Boiler " + tag, tag);
		AppFixture.device(dev, "Elsewhere " + tag, tag + "-other");
		String readerName = AppFixture.name("Reads");
		String reader = AppFixture.create(dev, AppFixture.freezer(readerName, tag)).json().get("app").asString();
		RuntimeFixture.deploy(acme, deployments, reader, 1);
		String commanderName = AppFixture.name("Pings");
		String commander = AppFixture.create(dev, """
				name: %s
				permissions:
				  devices: {tags: [%s]}
				  actions: [command]
				triggers:
				  - {id: hourly, kind: schedule, every: 1h}
				rules:
				  - id: ping-it
				    actions:
				      - {kind: command, device: %s, name: ping}
				""".formatted(commanderName, tag, deviceId)).json().get("app").asString();
		RuntimeFixture.deploy(acme, deployments, commander, 1);
		String elsewhere = AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Elsewhere"), tag + "-other")).json()
			.get("app").asString();
		RuntimeFixture.deploy(acme, deployments, elsewhere, 1);
		AppFixture.create(dev, AppFixture.freezer(AppFixture.name("Draft"), tag));
		return new Fixture(acme, deviceId, reader, readerName, commander, commanderName, devices);
	}

	private record Fixture(TestTenant acme, String deviceId, String reader, String readerName, String commander,
			String commanderName, DeviceRegistry devices) {

		DeviceSummary device() {
			return acme.asDeveloper(() -> devices.get(new DeviceId(UUID.fromString(deviceId))));
		}
	}
}
